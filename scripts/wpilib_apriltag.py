#!/usr/bin/env python3
"""WPILib's AprilTag detector (robotpy-apriltag) over images, timed like `targeting eval`:
grey conversion + detect per image, one JSON line per image and a summary line.
The quad-threshold parameters are set to the AprilRobotics library defaults (WPILib raises minClusterPixels to
300 and the critical angle to 45 degrees) so both detectors do the same work.
Usage: wpilib_apriltag.py [--family 36h11] [--decimate 2] [--threads 1] [--repeat N] IMAGE..."""
import argparse, json, math, os, time

import cv2
import robotpy_apriltag as ra

p = argparse.ArgumentParser()
p.add_argument("--family", default="36h11")
p.add_argument("--decimate", type=float, default=2.0)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--repeat", type=int, default=1)
p.add_argument("images", nargs="+")
a = p.parse_args()

det = ra.AprilTagDetector()
det.addFamily("tag" + a.family, 2)
cfg = det.getConfig()
cfg.numThreads = a.threads
cfg.quadDecimate = a.decimate
cfg.quadSigma = 0.0
cfg.refineEdges = True
cfg.decodeSharpening = 0.25
det.setConfig(cfg)
q = det.getQuadThresholdParameters()
q.minClusterPixels = 5
q.maxNumMaxima = 10
q.criticalAngle = 10 * math.pi / 180
q.maxLineFitMSE = 10.0
q.minWhiteBlackDiff = 5
q.deglitch = False
det.setQuadThresholdParameters(q)

total = 0.0
n = 0
found = 0
for path in a.images:
    img = cv2.imread(path)
    tags = []
    t = time.perf_counter()
    for _ in range(a.repeat):
        grey = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
        tags = det.detect(grey)
    total += time.perf_counter() - t
    n += a.repeat
    found += 1 if tags else 0
    print(json.dumps({"image": os.path.basename(path),
                      "tags": [{"id": d.getId(), "hamming": d.getHamming(),
                                "decision_margin": d.getDecisionMargin()} for d in tags]}))
print(json.dumps({"images": len(a.images), "found": found, "repeat": a.repeat,
                  "mean_ms_per_image": 1000 * total / max(n, 1)}))
