#!/usr/bin/env python3
"""MJPEG stream reader for the streaming benchmark.

Reads one cscore-style stream (multipart/x-mixed-replace, boundarydonotcross) for a fixed time and prints one JSON
line: frames and bytes in the measuring window, and latency samples (receive time minus X-Timestamp, both
CLOCK_MONOTONIC on this host). Talks only to the given 127.0.0.1 URL.
"""
import argparse
import json
import socket
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/?action=stream")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds read but not counted")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds counted")
    args = parser.parse_args()

    sock = socket.create_connection(("127.0.0.1", args.port), timeout=5)
    sock.sendall(f"GET {args.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    buf = b""
    start = time.monotonic()
    window_start = start + args.warmup
    end = window_start + args.duration
    frames = 0
    nbytes = 0
    latencies_ms = []
    head_done = False
    status = None
    while time.monotonic() < end:
        try:
            chunk = sock.recv(262144)
        except socket.timeout:
            break
        if not chunk:
            break
        buf += chunk
        if not head_done:
            idx = buf.find(b"\r\n\r\n")
            if idx < 0:
                continue
            status = buf[: buf.find(b"\r\n")].decode(errors="replace")
            buf = buf[idx + 4 :]
            head_done = True
        while True:
            b = buf.find(b"--boundarydonotcross\r\n")
            if b < 0:
                break
            h = buf.find(b"\r\n\r\n", b)
            if h < 0:
                break
            headers = {}
            for line in buf[b + 22 : h].decode(errors="replace").split("\r\n"):
                if ":" in line:
                    k, v = line.split(":", 1)
                    headers[k.strip().lower()] = v.strip()
            length = int(headers.get("content-length", "0"))
            if len(buf) < h + 4 + length:
                break
            received = time.monotonic_ns()
            buf = buf[h + 4 + length :]
            now = time.monotonic()
            if now >= window_start:
                frames += 1
                nbytes += length + (h + 4 - b)
                stamp = headers.get("x-timestamp")
                if stamp:
                    latency = (received - int(float(stamp) * 1e9)) / 1e6
                    if 0 <= latency < 10000:
                        latencies_ms.append(latency)
    sock.close()
    print(json.dumps({"status": status, "frames": frames, "bytes": nbytes, "seconds": args.duration,
                      "latencies_ms": latencies_ms}))


if __name__ == "__main__":
    main()
