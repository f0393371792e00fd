"""WPILib's AprilTag pieces (robotpy-apriltag) as this project uses them, shared by the scripts and the test peers:
the official field layouts by the names our config takes, and WPILib's detector at this project's
AprilTagPipeline settings."""
import math

import robotpy_apriltag as ra

# Our layout names and the WPILib fields they are.
FIELDS = {
    "2024-crescendo": ra.AprilTagField.k2024Crescendo,
    "2025-reefscape-welded": ra.AprilTagField.k2025ReefscapeWelded,
    "2025-reefscape-andymark": ra.AprilTagField.k2025ReefscapeAndyMark,
    "2026-rebuilt-welded": ra.AprilTagField.k2026RebuiltWelded,
    "2026-rebuilt-andymark": ra.AprilTagField.k2026RebuiltAndyMark,
}


def load_field(name):
    """The official layout called `name` (a key of FIELDS) as a robotpy_apriltag.AprilTagFieldLayout."""
    return ra.AprilTagFieldLayout.loadField(FIELDS[name])


def make_detector(family="36h11", decimate=2.0, threads=1):
    """WPILib's detector at this project's AprilTagPipeline settings: edges refined, and the AprilRobotics library's
    quad-threshold defaults (WPILib raises minClusterPixels to 300, which drops tags under ~60 px, and the critical
    angle to 45 degrees), so both detectors do the same work."""
    det = ra.AprilTagDetector()
    det.addFamily("tag" + family, 2)
    cfg = det.getConfig()
    cfg.numThreads = threads
    cfg.quadDecimate = decimate
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
    return det
