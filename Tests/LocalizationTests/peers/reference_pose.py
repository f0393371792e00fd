#!/usr/bin/env python3
"""OpenCV-in-Python reference for multi-tag field localization on scenes written by render_scene.py:
WPILib's detector (robotpy-apriltag, the same settings as render_scene.py's check) gives the corners, then
cv2.solvePnP(SOLVEPNP_SQPNP) over every corner of every layout tag in view, then Levenberg-Marquardt refinement
(cv2.solvePnPRefineLM), as PhotonVision's MultiTargetPNP does. The corners are used as the detector reports them, as
PhotonVision does (pixel centres at +0.5); `--half-pixel` shifts them by -0.5 into OpenCV's convention as ours does
(FieldPoseEstimator.detectorPixelOffset).
Prints one JSON line per scene and a summary line {"summary": {...}} with the camera position error (median, p95,
metres) and rotation error (median, degrees) against the rendered pose, over scenes with 2 or more tags.
Usage: reference_pose.py [--half-pixel] SCENE_DIR"""
import argparse, json, math, os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import cv2
import numpy as np

import render_scene as rs


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--half-pixel", action="store_true")
    p.add_argument("scenes")
    a = p.parse_args()
    with open(os.path.join(a.scenes, "scenes.json")) as f:
        index = json.load(f)
    with open(os.path.join(a.scenes, index["calibration"])) as f:
        cal = json.load(f)
    k = np.array(cal["cameraIntrinsics"]["data"], dtype=float).reshape(3, 3)
    dist = np.array(cal["distCoeffs"]["data"], dtype=float)
    tags = rs.load_layout(index["layout"])
    detector = rs.make_detector()
    shift = 0.5 if a.half_pixel else 0.0
    position_errors, rotation_errors = [], []
    for scene in index["scenes"]:
        image = cv2.imread(os.path.join(a.scenes, scene["image"]), cv2.IMREAD_GRAYSCALE)
        object_points, image_points, used = [], [], []
        for d in detector.detect(image):
            if d.getId() not in tags or d.getId() in used:
                continue
            used.append(d.getId())
            object_points.extend(rs.tag_corners_field(tags[d.getId()]))
            image_points.extend([[d.getCorner(i).x - shift, d.getCorner(i).y - shift] for i in range(4)])
        if len(used) < 2:
            print(json.dumps({"image": scene["image"], "tags_used": used, "error": "fewer than 2 tags"}))
            continue
        obj = np.array(object_points, dtype=np.float64).reshape(-1, 1, 3)
        img = np.array(image_points, dtype=np.float64).reshape(-1, 1, 2)
        ok, rvec, tvec = cv2.solvePnP(obj, img, k, dist, flags=cv2.SOLVEPNP_SQPNP)
        rvec, tvec = cv2.solvePnPRefineLM(obj, img, k, dist, rvec, tvec)
        r_cv, _ = cv2.Rodrigues(rvec)
        # Field -> OpenCV camera: p_cv = R p + t. Camera pose in the field with WPILib camera axes.
        cam_r = (rs.M.T @ r_cv).T
        cam_t = (-r_cv.T @ tvec).ravel()
        truth = scene["field_to_camera"]
        q = truth["rotation"]["quaternion"]
        true_r = rs.quat_to_matrix(q["W"], q["X"], q["Y"], q["Z"])
        true_t = np.array([truth["translation"][c] for c in "xyz"])
        position = float(np.linalg.norm(cam_t - true_t))
        cos = (np.trace(cam_r.T @ true_r) - 1) / 2
        rotation = math.degrees(math.acos(max(-1.0, min(1.0, cos))))
        position_errors.append(position)
        rotation_errors.append(rotation)
        print(json.dumps({"image": scene["image"], "tags_used": used, "position_error_m": position,
                          "rotation_error_deg": rotation}))
    summary = {"scenes": len(position_errors)}
    if position_errors:
        summary.update({
            "position_median_m": float(np.median(position_errors)),
            "position_p95_m": float(np.percentile(position_errors, 95)),
            "rotation_median_deg": float(np.median(rotation_errors)),
        })
    print(json.dumps({"summary": summary}))


if __name__ == "__main__":
    main()
