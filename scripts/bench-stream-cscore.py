#!/usr/bin/env python3
"""WPILib cscore baseline for the streaming benchmark.

Serves the same image at the same size, frame rate and JPEG quality as stream-bench, through cscore's CvSource and
MjpegServer on 127.0.0.1, drawing a comparable overlay on each frame with OpenCV. Prints READY, then one RESULT JSON
line with the process CPU time (Python + cscore's threads) over the measuring window.
"""
import argparse
import json
import resource
import time

import cscore
import cv2
import numpy as np


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def test_card(width, height):
    img = np.full((height, width, 3), 40, np.uint8)
    colors = [(255, 255, 255), (0, 255, 255), (255, 255, 0), (0, 255, 0), (255, 0, 255), (0, 0, 255), (255, 0, 0), (128, 128, 128)]
    for i, c in enumerate(colors):
        cv2.rectangle(img, (i * width // 8, 0), ((i + 1) * width // 8, height * 2 // 3), c, -1)
    y = height * 2 // 3
    while y < height:
        cv2.line(img, (0, y), (width, y + 9), (255, 255, 255), 1, cv2.LINE_AA)
        y += 3
    return img


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--height", type=int, default=480)
    parser.add_argument("--fps", type=float, default=30)
    parser.add_argument("--quality", type=int, default=80)
    parser.add_argument("--image")
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--duration", type=float, default=10)
    args = parser.parse_args()

    if args.image:
        base = cv2.resize(cv2.imread(args.image), (args.width, args.height), interpolation=cv2.INTER_AREA)
    else:
        base = test_card(args.width, args.height)
    source = cscore.CvSource("bench", cscore.VideoMode.PixelFormat.kMJPEG, args.width, args.height, int(args.fps))
    server = cscore.MjpegServer("serve", "127.0.0.1", args.port)
    server.setSource(source)
    server.setDefaultCompression(args.quality)
    server.setCompression(args.quality)
    print("READY " + json.dumps({"ports": [args.port]}), flush=True)

    w, h = args.width, args.height
    frame = base.copy()
    period = 1.0 / args.fps
    start = time.monotonic()
    window_start = start + args.warmup
    end = window_start + args.duration
    next_time = start
    number = 0
    cpu_start = None
    frames_in_window = 0
    while True:
        now = time.monotonic()
        if now >= end:
            break
        if cpu_start is None and now >= window_start:
            cpu_start = cpu_seconds()
            main_start = time.thread_time()
        np.copyto(frame, base)
        phase = (number % 90) / 90
        cx, cy = int(w * (0.2 + 0.6 * phase)), int(h * 0.45)
        border = max(4, w // 32)
        cv2.rectangle(frame, (border // 2, border // 2), (w - border // 2, h - border // 2), (0, 0, 255), border, cv2.LINE_AA)
        pts = np.array([[cx - 30, cy - 30], [cx + 30, cy - 30], [cx + 30, cy + 30], [cx - 30, cy + 30]], np.int32)
        cv2.polylines(frame, [pts], True, (0, 0, 0), 5, cv2.LINE_AA)
        cv2.polylines(frame, [pts], True, (255, 0, 255), 3, cv2.LINE_AA)
        for p in pts:
            cv2.circle(frame, (int(p[0]), int(p[1])), 6, (0, 255, 255), -1, cv2.LINE_AA)
        cv2.arrowedLine(frame, (int(w * 0.33), int(h * 0.8)), (int(w * 0.66), int(h * 0.8)), (255, 0, 0), border // 2, cv2.LINE_AA, 0, 0.3)
        cv2.putText(frame, f"{2 + phase:.2f} m  yaw {(phase - 0.5) * 30:+.1f} deg", (border + 8, border + 32), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (255, 255, 255), 2, cv2.LINE_AA)
        cv2.putText(frame, "age 0.03 s", (w - 160, h - border - 12), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (255, 255, 255), 2, cv2.LINE_AA)
        cv2.line(frame, (w // 2 - 32, h // 2), (w // 2 + 32, h // 2), (255, 255, 0), 2, cv2.LINE_AA)
        cv2.line(frame, (w // 2, h // 2 - 32), (w // 2, h // 2 + 32), (255, 255, 0), 2, cv2.LINE_AA)
        source.putFrame(frame)
        if cpu_start is not None:
            frames_in_window += 1
        number += 1
        next_time += period
        delay = next_time - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        else:
            next_time = time.monotonic()
    cpu = cpu_seconds() - (cpu_start or cpu_seconds())
    # The Python thread copies the image, draws the overlay and hands the frame to cscore; cscore's own threads
    # encode and serve.
    main_cpu = time.thread_time() - main_start if cpu_start is not None else 0
    print("RESULT " + json.dumps({"seconds": args.duration, "cpuSeconds": cpu, "producerCpuSeconds": main_cpu,
                                  "framesPublished": frames_in_window}), flush=True)


if __name__ == "__main__":
    main()
