#!/usr/bin/env python3
"""Robot code written for PhotonVision, reading our targeting service unchanged (photonlibpy 2026.3.4, RobotPy).

`Vision` below is what a team's robot program already has when it uses PhotonVision: a `PhotonCamera` named like the
camera, a `PhotonPoseEstimator` with the field layout and where the camera sits on the robot, and, every robot loop,
the pose estimates of all unread results fed to the drivetrain's pose estimator. Nothing in it knows which
coprocessor answers: point the coprocessor's targeting service at the roboRIO and give it the same camera name:

    # services/targeting.yml on the coprocessor
    camera_name: front                  # = PhotonCamera("front")
    pipeline: {kind: apriltag}
    calibration: /etc/robot-vision/front-1280x720.json
    field:
      layout: 2026-rebuilt-welded       # the layout robot code uses (PhotonLib's multi-tag result is solved with it)
      robot_to_camera: {x_meters: 0.3, y_meters: -0.1, z_meters: 0.5, roll_degrees: 0, pitch_degrees: 0, yaw_degrees: 0}
    networktables:
      server: {enabled: true, server_host: 10.15.18.2}   # the roboRIO (10.TE.AM.2)
      photonvision: {enabled: true, time_sync_port: 5810}

On the robot, `Vision` goes into your `TimedRobot` (see `robotPeriodic` in the comment at the end). On a desk, with no
roboRIO, run this file: it starts the NT4 server a roboRIO would run (PhotonCamera also starts PhotonVision's time
sync server on UDP 5810, as on the robot) and prints each pose estimate as a JSON line; then start targeting with
`networktables.server.server_host=127.0.0.1` (and `networktables.server.port` if you pass --port):

    python3 examples/photonlib_example.py --camera front --layout 2026-rebuilt-welded --robot-to-camera 0.3,-0.1,0.5
"""
import argparse
import json
import sys
import time

import ntcore
import robotpy_apriltag
from photonlibpy import PhotonCamera, PhotonPoseEstimator
from wpimath.geometry import Rotation3d, Transform3d, Translation3d


class Vision:
    """The robot's vision: one PhotonCamera and its pose estimator (unchanged PhotonVision robot code)."""

    def __init__(self, camera_name: str, field_layout: robotpy_apriltag.AprilTagFieldLayout,
                 robot_to_camera: Transform3d):
        self.camera = PhotonCamera(camera_name)
        self.estimator = PhotonPoseEstimator(field_layout, robot_to_camera)

    def estimates(self):
        """Call once per robot loop: the pose estimates of every result since the last call."""
        estimates = []
        for result in self.camera.getAllUnreadResults():
            # The coprocessor's multi-tag solve (2 tags or more), else the lower-ambiguity single-tag pose.
            estimate = self.estimator.estimateCoprocMultiTagPose(result)
            if estimate is None:
                estimate = self.estimator.estimateLowestAmbiguityPose(result)
            if estimate is not None:
                estimates.append(estimate)
        return estimates


def layout_named(name: str) -> robotpy_apriltag.AprilTagFieldLayout:
    """A WPILib field by our targeting service's name (2026-rebuilt-welded -> k2026RebuiltWelded), or a JSON path."""
    if name.endswith(".json"):
        return robotpy_apriltag.AprilTagFieldLayout(name)
    year, *words = name.split("-")
    return robotpy_apriltag.AprilTagFieldLayout.loadField(
        getattr(robotpy_apriltag.AprilTagField, "k" + year + "".join(word.capitalize() for word in words)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--camera", default="front", help="the targeting service's camera_name")
    parser.add_argument("--layout", default="2026-rebuilt-welded", help="field layout name or WPILib JSON path")
    parser.add_argument("--robot-to-camera", default="0,0,0",
                        help="x,y,z in metres[,roll,pitch,yaw in degrees], WPILib's robot frame")
    parser.add_argument("--port", type=int, default=5810, help="NT4 port of the server started here")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: run until Ctrl-C)")
    args = parser.parse_args()
    values = [float(v) for v in args.robot_to_camera.split(",")] + [0.0] * 3
    x, y, z, roll, pitch, yaw = values[:6]
    robot_to_camera = Transform3d(Translation3d(x, y, z), Rotation3d.fromDegrees(roll, pitch, yaw))

    nt = ntcore.NetworkTableInstance.getDefault()
    nt.startServer("/tmp/photonlib-example-networktables.json", "127.0.0.1", 0, args.port)  # what the roboRIO runs
    vision = Vision(args.camera, layout_named(args.layout), robot_to_camera)
    print(f"robot ready: NT4 on 127.0.0.1:{args.port}, PhotonCamera({args.camera!r})", file=sys.stderr, flush=True)
    end = time.monotonic() + args.seconds if args.seconds > 0 else float("inf")
    try:
        while time.monotonic() < end:
            for estimate in vision.estimates():
                pose = estimate.estimatedPose
                # On the robot: drivetrain.addVisionMeasurement(pose.toPose2d(), estimate.timestampSeconds)
                print(json.dumps({
                    "x": pose.X(), "y": pose.Y(), "z": pose.Z(), "yaw_degrees": pose.rotation().Z() * 57.29577951308232,
                    "timestamp_s": estimate.timestampSeconds, "tags": [t.fiducialId for t in estimate.targetsUsed],
                    "connected": vision.camera.isConnected(),
                }), flush=True)
            time.sleep(0.02)  # the robot loop
    except KeyboardInterrupt:
        pass
    nt.stopServer()
    return 0


if __name__ == "__main__":
    sys.exit(main())

# In a RobotPy TimedRobot:
#
#     def robotInit(self):
#         layout = robotpy_apriltag.AprilTagFieldLayout.loadField(robotpy_apriltag.AprilTagField.k2026RebuiltWelded)
#         self.vision = Vision("front", layout, Transform3d(Translation3d(0.3, -0.1, 0.5), Rotation3d()))
#
#     def robotPeriodic(self):
#         for estimate in self.vision.estimates():
#             self.drivetrain.poseEstimator.addVisionMeasurement(
#                 estimate.estimatedPose.toPose2d(), estimate.timestampSeconds)
