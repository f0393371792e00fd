#!/usr/bin/env python3
"""Renders AprilTag scenes of known camera pose on an official WPILib field layout, for the localization tests.

Official 36h11 bitmaps (OpenCV's aruco 36h11 markers turned 180 degrees, with a white quiet zone) are placed at
their layout poses and seen by a 1280x720 camera with mild lens distortion: every output pixel is traced back
through the distortion model to its ray, the ray meets each tag's plane, and the tag's texture is sampled there
(2x supersampling). Then Gaussian blur and noise. Each render is checked with WPILib's detector
(robotpy-apriltag): scenes in which it does not decode exactly the tags in view are dropped.

Pixels follow OpenCV's convention, as the calibration does: the centre of pixel (i, j) is at (i, j). The 2x2
samples of output pixel i are at i -/+ 0.25 and are averaged by the INTER_AREA resize. The detector's corners sit
half a pixel further (the AprilTag library's convention, see FieldPoseEstimator.detectorPixelOffset):
"corner_offset_px" records it per scene.

Writes DIR/calibration.json (the project's OpenCV calibration format), DIR/scene_NNN.png and DIR/scenes.json:
{"layout": NAME, "calibration": "calibration.json", "scenes": [{"image", "field_to_camera": WPILib pose JSON,
"visible_ids", "distances_m", "corner_error_px": the largest distance of a detected corner from its true projection,
"corner_offset_px": the mean detected-minus-true [x, y]}], "dropped": N}.
Usage: render_scene.py --out DIR [--count 40] [--seed 1] [--layout 2026-rebuilt-welded] [--min-tags 2]
       [--min-distance 2] [--max-distance 5]"""
import argparse, json, math, os, sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import cv2
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "scripts", "lib"))
from wpilib_tags import FIELDS, load_field, make_detector  # noqa: E402  (make_detector: also for the other peers)

WIDTH, HEIGHT = 1280, 720
TAG_SIZE = 0.1651  # the black square: 8 of the tag's 10 cells
QUIET_CELLS = 2    # white cells around the black square (the printed tag's border and some wall)
FX = FY = 910.0
CX, CY = 643.2, 357.9
DIST = np.array([-0.11, 0.06, 0.0004, -0.0003, 0.0])
# WPILib axes (X forward, Y left, Z up) -> OpenCV axes (x right, y down, z forward).
M = np.array([[0, -1, 0], [0, 0, -1], [1, 0, 0]], dtype=float)


def quat_to_matrix(w, x, y, z):
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)]])


def matrix_to_quat(m):
    q = np.empty(4)
    t = np.trace(m)
    if t > 0:
        s = 0.5 / math.sqrt(t + 1)
        q[:] = [0.25 / s, (m[2, 1] - m[1, 2]) * s, (m[0, 2] - m[2, 0]) * s, (m[1, 0] - m[0, 1]) * s]
    else:
        i = int(np.argmax(np.diag(m)))
        j, k = (i + 1) % 3, (i + 2) % 3
        s = 2 * math.sqrt(1 + m[i, i] - m[j, j] - m[k, k])
        q[0] = (m[k, j] - m[j, k]) / s
        q[1 + i] = 0.25 * s
        q[1 + j] = (m[j, i] + m[i, j]) / s
        q[1 + k] = (m[k, i] + m[i, k]) / s
    return q / np.linalg.norm(q)


def rpy_matrix(roll, pitch, yaw):
    """WPILib's Rotation3d(roll, pitch, yaw): Rz(yaw) Ry(pitch) Rx(roll), radians."""
    cr, sr, cp, sp, cy, sy = math.cos(roll), math.sin(roll), math.cos(pitch), math.sin(pitch), math.cos(yaw), math.sin(yaw)
    rx = np.array([[1, 0, 0], [0, cr, -sr], [0, sr, cr]])
    ry = np.array([[cp, 0, sp], [0, 1, 0], [-sp, 0, cp]])
    rz = np.array([[cy, -sy, 0], [sy, cy, 0], [0, 0, 1]])
    return rz @ ry @ rx


def load_layout(name):
    layout = load_field(name)
    tags = {}
    for t in layout.getTags():
        q = t.pose.rotation().getQuaternion()
        tags[t.ID] = (np.array([t.pose.X(), t.pose.Y(), t.pose.Z()]), quat_to_matrix(q.W(), q.X(), q.Y(), q.Z()))
    return tags


def tag_corners_field(tag):
    """The four corners of the black square in field coordinates, AprilTag order."""
    t, r = tag
    h = TAG_SIZE / 2
    local = np.array([[0, -h, -h], [0, h, -h], [0, h, h], [0, -h, h]], dtype=float)
    return (r @ local.T).T + t


def to_camera_cv(points, cam_t, cam_r):
    """Field points -> OpenCV camera coordinates of a camera at field pose (cam_t, cam_r) (WPILib axes)."""
    return (M @ cam_r.T @ (points - cam_t).T).T


def texture(dictionary, tag_id, cell):
    black = cv2.aruco.generateImageMarker(dictionary, tag_id, 8 * cell, borderBits=1)
    black = cv2.rotate(black, cv2.ROTATE_180)
    q = QUIET_CELLS * cell
    return cv2.copyMakeBorder(black, q, q, q, q, cv2.BORDER_CONSTANT, value=255)


class Renderer:
    def __init__(self, supersample=2):
        self.ss = supersample
        k = np.array([[FX, 0, CX], [0, FY, CY], [0, 0, 1]])
        self.k = k
        # The undistorted normalized ray of every (supersampled) output pixel.
        xs = (np.arange(WIDTH * self.ss) + 0.5) / self.ss - 0.5
        ys = (np.arange(HEIGHT * self.ss) + 0.5) / self.ss - 0.5
        gx, gy = np.meshgrid(xs, ys)
        pts = np.stack([gx.ravel(), gy.ravel()], axis=1).reshape(-1, 1, 2)
        und = undistort(pts.reshape(-1, 2))
        # Check the inversion: re-distorting must give the pixel back.
        check = cv2.projectPoints(np.hstack([und[::997], np.ones((len(und[::997]), 1))]).reshape(-1, 1, 3),
                                  np.zeros(3), np.zeros(3), k, DIST)[0].reshape(-1, 2)
        worst = np.abs(check - pts.reshape(-1, 2)[::997]).max()
        assert worst < 1e-3, f"undistortion map inaccurate: {worst} px"
        self.rays = und.reshape(HEIGHT * self.ss, WIDTH * self.ss, 2).astype(np.float64)
        self.dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_APRILTAG_36h11)

    def render(self, tags, ids, cam_t, cam_r, rng):
        h, w = self.rays.shape[:2]
        base = rng.uniform(70, 150)
        gradient = np.linspace(-25, 25, w)[None, :] * rng.choice([-1, 1]) + np.linspace(-15, 15, h)[:, None]
        image = np.clip(base + gradient, 0, 255).astype(np.float32)
        depth = np.full((h, w), np.inf, dtype=np.float32)
        for tag_id in ids:
            t, r = tags[tag_id]
            # Work only in the box around the tag's projection (with its quiet zone and a margin).
            half = TAG_SIZE / 8 * (4 + QUIET_CELLS)
            outline = (r @ np.array([[0, -half, -half], [0, half, -half], [0, half, half], [0, -half, half]]).T).T + t
            box = self.project(to_camera_cv(outline, cam_t, cam_r)) * self.ss
            x0, y0 = np.maximum(np.floor(box.min(axis=0)).astype(int) - 4, 0)
            x1, y1 = np.minimum(np.ceil(box.max(axis=0)).astype(int) + 5, [w, h])
            xn, yn = self.rays[y0:y1, x0:x1, 0], self.rays[y0:y1, x0:x1, 1]
            region, region_depth = image[y0:y1, x0:x1], depth[y0:y1, x0:x1]
            # Tag plane point (Y, Z) -> OpenCV camera coordinates: p = A [Y, Z, 1].
            rc = M @ cam_r.T
            a = np.column_stack([rc @ r[:, 1], rc @ r[:, 2], rc @ (t - cam_t)])
            ainv = np.linalg.inv(a)
            # The ray (xn, yn, 1) meets the plane at lambda * (xn, yn, 1) = A [Y, Z, 1].
            yy = ainv[0, 0] * xn + ainv[0, 1] * yn + ainv[0, 2]
            zz = ainv[1, 0] * xn + ainv[1, 1] * yn + ainv[1, 2]
            ww = ainv[2, 0] * xn + ainv[2, 1] * yn + ainv[2, 2]
            with np.errstate(divide="ignore", invalid="ignore"):
                ty, tz, lam = yy / ww, zz / ww, 1.0 / ww
            corners = to_camera_cv(tag_corners_field(tags[tag_id]), cam_t, cam_r)
            px_per_m = FX * self.ss / corners[:, 2].mean()
            cell_px = TAG_SIZE / 8 * px_per_m
            cell = int(min(64, max(4, round(2 * cell_px))))
            tex = texture(self.dictionary, tag_id, cell)
            n = tex.shape[0]
            # Texture column grows with Y (viewer's right), row with -Z (down). Texel k spans [k, k + 1) of the
            # texture coordinate; cv2.remap samples texel k at k, hence the -0.5.
            u = ((ty + half) / (2 * half) * n - 0.5).astype(np.float32)
            v = ((half - tz) / (2 * half) * n - 0.5).astype(np.float32)
            inside = (lam > 0) & (ty >= -half) & (ty <= half) & (tz >= -half) & (tz <= half) & (lam < region_depth)
            sample = cv2.remap(tex.astype(np.float32), u, v, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
            region[inside] = sample[inside]
            region_depth[inside] = lam[inside]
        image = cv2.resize(image, (WIDTH, HEIGHT), interpolation=cv2.INTER_AREA)
        image = image * rng.uniform(0.75, 1.0) + rng.uniform(0, 25)
        image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.5, 1.0))
        image = image + rng.normal(0, 2.5, image.shape)
        return np.clip(image, 0, 255).astype(np.uint8)

    def project(self, points_cv):
        return cv2.projectPoints(points_cv.reshape(-1, 1, 3), np.zeros(3), np.zeros(3), self.k, DIST)[0].reshape(-1, 2)


def undistort(pixels):
    """Normalized undistorted coordinates of distorted pixels (fixed-point inversion of OpenCV's model)."""
    k1, k2, p1, p2, k3 = DIST
    xd = (pixels[:, 0] - CX) / FX
    yd = (pixels[:, 1] - CY) / FY
    x, y = xd.copy(), yd.copy()
    for _ in range(30):
        r2 = x * x + y * y
        radial = 1 + r2 * (k1 + r2 * (k2 + r2 * k3))
        dx = 2 * p1 * x * y + p2 * (r2 + 2 * x * x)
        dy = p1 * (r2 + 2 * y * y) + 2 * p2 * x * y
        x = (xd - dx) / radial
        y = (yd - dy) / radial
    return np.stack([x, y], axis=1)


def pose_json(t, r):
    q = matrix_to_quat(r)
    return {"translation": {"x": float(t[0]), "y": float(t[1]), "z": float(t[2])},
            "rotation": {"quaternion": {"W": float(q[0]), "X": float(q[1]), "Y": float(q[2]), "Z": float(q[3])}}}


def visible(tags, renderer, cam_t, cam_r, min_distance, max_distance, margin=12):
    """Tags facing the camera, inside the image and min...max metres away (farther or nearer ones are left out of
    the scene, as if hidden)."""
    ids = []
    for tag_id, tag in tags.items():
        t, r = tag
        if not min_distance <= np.linalg.norm(t - cam_t) <= max_distance:
            continue
        to_camera = (cam_t - t) / np.linalg.norm(cam_t - t)
        if np.dot(r[:, 0], to_camera) < 0.35:  # seen from behind or nearly edge-on (over 70 degrees)
            continue
        pts = to_camera_cv(tag_corners_field(tag), cam_t, cam_r)
        if (pts[:, 2] < 0.3).any():
            continue
        # Points far outside the view distort nonsensically: check the undistorted position first.
        n = pts[:, :2] / pts[:, 2:3]
        if (np.abs(n[:, 0]) > 0.9).any() or (np.abs(n[:, 1]) > 0.6).any():
            continue
        px = renderer.project(pts)
        if (px[:, 0] < margin).any() or (px[:, 0] > WIDTH - 1 - margin).any() or \
                (px[:, 1] < margin).any() or (px[:, 1] > HEIGHT - 1 - margin).any():
            continue
        ids.append(tag_id)
    return ids


def sample_camera(tags, rng, args):
    """A camera 2-5 m in front of a tag (and its neighbours), looking near them."""
    anchor_id = rng.choice(sorted(tags))
    t, r = tags[anchor_id]
    normal = r[:, 0]
    near = [i for i, (tt, rr) in tags.items()
            if np.linalg.norm(tt - t) < 1.2 and np.dot(rr[:, 0], normal) > 0.5]
    centre = np.mean([tags[i][0] for i in near], axis=0)
    distance = rng.uniform(args.min_distance + 0.2, args.max_distance - 0.3)
    bearing = math.atan2(normal[1], normal[0]) + math.radians(rng.uniform(-40, 40))
    cam_t = centre + distance * np.array([math.cos(bearing), math.sin(bearing), 0])
    cam_t[2] = rng.uniform(0.25, 1.0)
    look = centre - cam_t
    yaw = math.atan2(look[1], look[0]) + math.radians(rng.uniform(-12, 12))
    pitch = -math.atan2(look[2], math.hypot(look[0], look[1])) + math.radians(rng.uniform(-5, 5))
    roll = math.radians(rng.uniform(-4, 4))
    return cam_t, rpy_matrix(roll, pitch, yaw)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--count", type=int, default=40)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--layout", default="2026-rebuilt-welded", choices=sorted(FIELDS))
    p.add_argument("--min-tags", type=int, default=2)
    p.add_argument("--min-distance", type=float, default=2.0)
    p.add_argument("--max-distance", type=float, default=5.0)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    tags = load_layout(a.layout)
    renderer = Renderer()
    detector = make_detector()
    calibration = {
        "resolution": {"width": WIDTH, "height": HEIGHT},
        "cameraIntrinsics": {"rows": 3, "cols": 3, "type": 6, "data": [FX, 0, CX, 0, FY, CY, 0, 0, 1]},
        "distCoeffs": {"rows": 1, "cols": 5, "type": 6, "data": [float(d) for d in DIST]},
    }
    with open(os.path.join(a.out, "calibration.json"), "w") as f:
        json.dump(calibration, f)
    scenes, dropped, attempts = [], 0, 0
    while len(scenes) < a.count and attempts < a.count * 200:
        attempts += 1
        cam_t, cam_r = sample_camera(tags, rng, a)
        ids = visible(tags, renderer, cam_t, cam_r, a.min_distance, a.max_distance)
        if len(ids) < a.min_tags:
            continue
        distances = [float(np.linalg.norm(tags[i][0] - cam_t)) for i in ids]
        image = renderer.render(tags, ids, cam_t, cam_r, rng)
        found = detector.detect(image)
        if sorted(d.getId() for d in found) != sorted(ids):
            dropped += 1
            continue
        # How far WPILib's corners are from the true projected corners (a check of the renderer).
        errors, offsets = [], []
        for d in found:
            truth = renderer.project(to_camera_cv(tag_corners_field(tags[d.getId()]), cam_t, cam_r))
            got = np.array([[d.getCorner(i).x, d.getCorner(i).y] for i in range(4)])
            errors.append(float(np.linalg.norm(truth - got, axis=1).max()))
            offsets.extend(got - truth)
        name = f"scene_{len(scenes):03d}.png"
        cv2.imwrite(os.path.join(a.out, name), cv2.cvtColor(image, cv2.COLOR_GRAY2BGR))
        scenes.append({"image": name, "field_to_camera": pose_json(cam_t, cam_r), "visible_ids": sorted(ids),
                       "distances_m": distances, "corner_error_px": max(errors),
                       "corner_offset_px": [float(v) for v in np.mean(offsets, axis=0)]})
    with open(os.path.join(a.out, "scenes.json"), "w") as f:
        json.dump({"layout": a.layout, "calibration": "calibration.json", "scenes": scenes, "dropped": dropped}, f,
                  indent=1)
    print(json.dumps({"scenes": len(scenes), "dropped": dropped, "attempts": attempts}))


if __name__ == "__main__":
    main()
