#!/usr/bin/env python3
"""Helpers around the scene renderer (Tests/LocalizationTests/peers/render_scene.py) for the field localization
integration tests: images without a layout tag, the robot poses WPILib computes for the rendered camera poses, and
a calibration at another resolution.

    field_scenes.py extra DIR BLANK_NAME FOREIGN_NAME FOREIGN_ID
        writes DIR/BLANK_NAME (1280x720, no tag) and DIR/FOREIGN_NAME (one 36h11 tag FOREIGN_ID, not a layout tag,
        seen head-on); checks both with WPILib's detector; prints {"BLANK_NAME": [], "FOREIGN_NAME": [FOREIGN_ID]}
    field_scenes.py robot DIR x,y,z,roll,pitch,yaw
        prints {image: field_to_robot} for DIR/scenes.json, in WPILib's pose JSON, computed with wpimath:
        Pose3d(field_to_camera).transformBy(Transform3d(robot_to_camera).inverse()) (metres, degrees)
    field_scenes.py calibration SOURCE DESTINATION WIDTH HEIGHT
        writes SOURCE's calibration rescaled to WIDTH x HEIGHT (same field of view)
"""
import json
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "LocalizationTests", "peers"))
import render_scene as rs  # noqa: E402


def extra(directory, blank_name, foreign_name, foreign_id):
    import cv2
    import numpy as np

    rng = np.random.default_rng(7)
    detector = rs.make_detector()
    background = np.clip(110 + rng.normal(0, 2.5, (rs.HEIGHT, rs.WIDTH)), 0, 255).astype(np.uint8)
    foreign = background.copy()
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_APRILTAG_36h11)
    tag = rs.texture(dictionary, int(foreign_id), 16)  # 10 cells of 16 px with the quiet zone: 160 px
    top, left = (rs.HEIGHT - tag.shape[0]) // 2, (rs.WIDTH - tag.shape[1]) // 2
    foreign[top:top + tag.shape[0], left:left + tag.shape[1]] = tag
    foreign = cv2.GaussianBlur(foreign, (0, 0), 0.7)
    found = {}
    for name, image in ((blank_name, background), (foreign_name, foreign)):
        cv2.imwrite(os.path.join(directory, name), cv2.cvtColor(image, cv2.COLOR_GRAY2BGR))
        found[name] = sorted(d.getId() for d in detector.detect(image))
    if found != {blank_name: [], foreign_name: [int(foreign_id)]}:
        sys.exit(f"WPILib's detector does not see what was drawn: {found}")
    print(json.dumps(found))


def robot(directory, robot_to_camera):
    from wpimath.geometry import Pose3d, Quaternion, Rotation3d, Transform3d, Translation3d

    x, y, z, roll, pitch, yaw = (float(v) for v in robot_to_camera.split(","))
    camera_on_robot = Transform3d(Translation3d(x, y, z),
                                  Rotation3d(math.radians(roll), math.radians(pitch), math.radians(yaw)))
    with open(os.path.join(directory, "scenes.json")) as f:
        scenes = json.load(f)["scenes"]
    poses = {}
    for scene in scenes:
        t = scene["field_to_camera"]["translation"]
        q = scene["field_to_camera"]["rotation"]["quaternion"]
        camera = Pose3d(Translation3d(t["x"], t["y"], t["z"]), Rotation3d(Quaternion(q["W"], q["X"], q["Y"], q["Z"])))
        pose = camera.transformBy(camera_on_robot.inverse())
        r = pose.rotation().getQuaternion()
        poses[scene["image"]] = {"translation": {"x": pose.X(), "y": pose.Y(), "z": pose.Z()},
                                 "rotation": {"quaternion": {"W": r.W(), "X": r.X(), "Y": r.Y(), "Z": r.Z()}}}
    print(json.dumps(poses))


def calibration(source, destination, width, height):
    with open(source) as f:
        c = json.load(f)
    sx = int(width) / c["resolution"]["width"]
    sy = int(height) / c["resolution"]["height"]
    fx, _, cx, _, fy, cy, _, _, _ = c["cameraIntrinsics"]["data"]
    c["cameraIntrinsics"]["data"] = [fx * sx, 0, (cx + 0.5) * sx - 0.5, 0, fy * sy, (cy + 0.5) * sy - 0.5, 0, 0, 1]
    c["resolution"] = {"width": int(width), "height": int(height)}
    with open(destination, "w") as f:
        json.dump(c, f)


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    {"extra": extra, "robot": robot, "calibration": calibration}[command](*arguments)
