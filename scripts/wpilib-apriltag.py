#!/usr/bin/env python3
"""WPILib's AprilTag detector (robotpy-apriltag) over images, timed like `targeting eval`:
grey conversion + detect per image, one JSON line per image and a summary line.
The detector is lib/wpilib_tags.py's, at this project's AprilTagPipeline settings (its quad-threshold parameters are
the AprilRobotics library defaults, not WPILib's) so both detectors do the same work.
Each repeat is timed on its own; the summary gives the mean and, like `targeting eval`, the mean over the images
of each image's median frame time (the median resists the preemption spikes of a shared machine).
numpy's OpenBLAS is limited to one thread before it loads: its idle worker threads otherwise spin on the cores
the detector needs (this script uses no BLAS).
Usage: wpilib-apriltag.py [--family 36h11] [--decimate 2] [--threads 1] [--repeat N] IMAGE..."""
import argparse, json, os, statistics, sys, time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import cv2

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from wpilib_tags import make_detector  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("--family", default="36h11")
p.add_argument("--decimate", type=float, default=2.0)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--repeat", type=int, default=1)
p.add_argument("images", nargs="+")
a = p.parse_args()

det = make_detector(a.family, a.decimate, a.threads)

n = 0
found = 0
times = []
medians = []
clock = time.perf_counter
for path in a.images:
    img = cv2.imread(path)
    tags = []
    start = len(times)
    for _ in range(a.repeat):
        t = clock()
        grey = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
        tags = det.detect(grey)
        times.append(clock() - t)
    n += a.repeat
    medians.append(statistics.median(times[start:]))
    found += 1 if tags else 0
    print(json.dumps({"image": os.path.basename(path),
                      "tags": [{"id": d.getId(), "hamming": d.getHamming(),
                                "decision_margin": d.getDecisionMargin()} for d in tags]}))
print(json.dumps({"images": len(a.images), "found": found, "repeat": a.repeat,
                  "mean_ms_per_image": 1000 * sum(times) / max(n, 1),
                  "median_ms_per_image": 1000 * sum(medians) / max(len(medians), 1)}))
