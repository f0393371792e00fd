#!/usr/bin/env python3
"""Driver of scripts/bench-vision.sh: prepares resized images and matching calibrations in a temporary folder,
runs `targeting eval` and the baselines on the same images, prints a table (or JSON with --json).
Both sides time only the per-frame work (process start, image decode and file I/O are outside their timers).
reflective2019 runs the same steps as the seed on both sides: the seed's HSV bounds and its open (5x5) and close
(20x20) morphology are passed to `targeting eval` as a configuration, and the seed gets each image repeated in a row,
in the order `targeting eval --repeat` processes them.
Runs are interleaved (ABBA order) and each side's figure is the median over the runs; for AprilTag each run
reports the mean over the images of each image's median frame time (robust to preemption on a shared
machine) as well as its plain mean."""
import argparse, glob, json, os, shutil, statistics, subprocess, sys, tempfile

import cv2

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared"))
DATA = os.path.join(SHARED, "testdata", "frc")
SEED = os.path.join(SHARED, "baselines", "seed_targeting_2019.py")
WPILIB = os.path.join(REPO, "scripts", "wpilib-apriltag.py")
SIZES = [(320, 240), (1280, 720)]


def scaled_calibration(src, width, height, dst):
    cal = json.load(open(src))
    w0, h0 = cal["resolution"]["width"], cal["resolution"]["height"]
    sx, sy = width / w0, height / h0
    k = list(cal["cameraIntrinsics"]["data"])
    k[0] *= sx; k[2] = (k[2] + 0.5) * sx - 0.5; k[4] *= sy; k[5] = (k[5] + 0.5) * sy - 0.5
    out = {"resolution": {"width": width, "height": height},
           "cameraIntrinsics": {"rows": 3, "cols": 3, "type": 6, "data": k},
           "distCoeffs": cal["distCoeffs"]}
    json.dump(out, open(dst, "w"))


def resize_all(paths, width, height, folder):
    os.makedirs(folder, exist_ok=True)
    out = []
    for path in paths:
        img = cv2.imread(path)
        interp = cv2.INTER_AREA if img.shape[1] > width else cv2.INTER_LINEAR
        dst = os.path.join(folder, os.path.splitext(os.path.basename(path))[0] + ".png")
        cv2.imwrite(dst, cv2.resize(img, (width, height), interpolation=interp))
        out.append(dst)
    return out


def interleaved(rounds, cmd_a, cmd_b):
    """Runs the two commands alternately `rounds` times, swapping which goes first every round (ABBA...) so drift
    in the machine's load hits both alike. Returns each side's per-image lines (first run) and a summary whose
    `mean_ms_per_image` / `median_ms_per_image` are the medians over the rounds of each run's figure, with
    `runs_mean_ms` / `runs_median_ms` listing every run."""
    a_runs, b_runs = [], []
    for r in range(rounds):
        if r % 2 == 0:
            a_runs.append(run(cmd_a)); b_runs.append(run(cmd_b))
        else:
            b_runs.append(run(cmd_b)); a_runs.append(run(cmd_a))
    return summarize(a_runs), summarize(b_runs)


def summarize(runs):
    lines, summary = runs[0]
    summary = dict(summary)
    means = [s["mean_ms_per_image"] for _, s in runs]
    medians = [s.get("median_ms_per_image", s["mean_ms_per_image"]) for _, s in runs]
    summary["runs_mean_ms"] = means
    summary["runs_median_ms"] = medians
    summary["mean_ms_per_image"] = statistics.median(means)
    summary["median_ms_per_image"] = statistics.median(medians)
    return lines, summary


def run(cmd):
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"command failed ({res.returncode}): {' '.join(cmd[:4])} ...\n{res.stderr[-2000:]}")
    lines = [json.loads(l) for l in res.stdout.splitlines() if l.startswith("{")]
    return lines[:-1], lines[-1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--targeting", required=True)
    p.add_argument("--json", action="store_true")
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--decimate", type=float, default=2.0)
    p.add_argument("--threads", type=int, default=1, help="AprilTag detector threads, the same on both sides")
    p.add_argument("--rounds", type=int, default=5,
                   help="alternate ours/baseline this many times; each side's figure is the median over the rounds")
    p.add_argument("--only", choices=["reflective2019", "apriltag"], help="run one pipeline's comparison only")
    a = p.parse_args()
    if not os.path.isdir(DATA):
        sys.exit(f"test data not found at {DATA}")
    tmp = tempfile.mkdtemp(prefix="bench-vision-")
    rows = []
    try:
        reflective = sorted(glob.glob(os.path.join(DATA, "2019", "*.jpg")))
        tags36 = [os.path.join(DATA, "apriltag", n) for n in ("tag1_640_480.jpg", "robots.jpg")]
        for (w, h) in SIZES:
            # Reflective 2019 vs the seed.
            if a.only != "apriltag":
                rows.append(reflective_row(a, reflective, w, h, tmp))
            if a.only == "reflective2019":
                continue
            # AprilTag vs WPILib at the same decimation and settings.
            timgs = resize_all(tags36, w, h, os.path.join(tmp, f"t{w}"))
            (ours_t, ours_tsum), (wp_t, wp_tsum) = interleaved(
                a.rounds,
                [a.targeting, "eval", "--pipeline", "apriltag", "--family", "36h11", "--quad-decimate",
                 str(a.decimate), "--threads", str(a.threads), "--repeat", str(a.repeat * 5)] + timgs,
                ["python3", WPILIB, "--family", "36h11", "--decimate", str(a.decimate), "--threads", str(a.threads),
                 "--repeat", str(a.repeat * 5)] + timgs)
            same = all(sorted(t["id"] for t in x["tags"]) == sorted(t["id"] for t in y["tags"])
                       for x, y in zip(ours_t, wp_t))
            rows.append({"pipeline": f"apriltag 36h11 decimate {a.decimate:g} threads {a.threads}", "size": f"{w}x{h}",
                         "images": len(timgs), "ours_ms": ours_tsum["median_ms_per_image"],
                         "ours_mean_ms": ours_tsum["mean_ms_per_image"],
                         "baseline": "WPILib (robotpy-apriltag)", "baseline_ms": wp_tsum["median_ms_per_image"],
                         "baseline_mean_ms": wp_tsum["mean_ms_per_image"],
                         "ours_runs_median_ms": ours_tsum["runs_median_ms"],
                         "baseline_runs_median_ms": wp_tsum["runs_median_ms"],
                         "ours_found": sum(len(x["tags"]) for x in ours_t),
                         "baseline_found": sum(len(x["tags"]) for x in wp_t), "same_detections": same,
                         "ours_ids": [sorted(t["id"] for t in x["tags"]) for x in ours_t],
                         "baseline_ids": [sorted(t["id"] for t in x["tags"]) for x in wp_t]})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report(a, rows)


# The seed's thresholds and morphology (seed_targeting_2019.py: HSV 60-100 / 100-255 / 100-255, open 5x5, close
# 20x20 rectangles), so that both sides run the same steps with the same parameters.
SEED_STEPS = {"hueRange": [60, 100], "saturationRange": [100, 255], "valueRange": [100, 255],
              "openKernel": 5, "closeKernel": 20}


def reflective_row(a, reflective, w, h, tmp):
    imgs = resize_all(reflective, w, h, os.path.join(tmp, f"r{w}"))
    cal = os.path.join(tmp, f"lifecam_{w}x{h}.json")
    scaled_calibration(os.path.join(DATA, "calibration", "lifecam240p.json"), w, h, cal)
    config = os.path.join(tmp, "seed-steps.json")
    json.dump(SEED_STEPS, open(config, "w"))
    (ours, ours_sum), (seed, seed_sum) = interleaved(
        a.rounds,
        [a.targeting, "eval", "--pipeline", "reflective2019", "--calibration", cal, "--config", config,
         "--repeat", str(a.repeat)] + imgs,
        ["python3", SEED, cal] + [img for img in imgs for _ in range(a.repeat)])
    seed_found = sum(1 for l in seed[:: a.repeat] if l["found"])
    return {"pipeline": "reflective2019", "size": f"{w}x{h}", "images": len(imgs),
            "ours_ms": ours_sum["mean_ms_per_image"], "baseline": "seed (Python)",
            "baseline_ms": seed_sum["mean_ms_per_image"],
            "ours_runs_ms": ours_sum["runs_mean_ms"], "baseline_runs_ms": seed_sum["runs_mean_ms"],
            "ours_found": ours_sum["found"], "baseline_found": seed_found}


def peer_line():
    from importlib import metadata
    def version(package):
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "absent"
    return (f"peer: robotpy-apriltag {version('robotpy-apriltag')} (WPILib AprilTag detector), seed_targeting_2019.py "
            f"on Python {sys.version.split()[0]} with opencv-python-headless {version('opencv-python-headless')}")


def report(a, rows):
    for r in rows:
        r["speedup"] = r["baseline_ms"] / r["ours_ms"] if r["ours_ms"] > 0 else None
    if a.json:
        print(json.dumps({"repeat": a.repeat, "rounds": a.rounds, "peer": peer_line(), "rows": rows}, indent=2))
        return
    print(peer_line())
    print(f"median of {a.rounds} interleaved runs per side (ms per image). reflective2019: each run's mean over "
          f"{a.repeat} repeats;\napriltag: each run's per-image median frame over {a.repeat * 5} repeats, averaged over the "
          "images (plain mean in brackets)")
    print(f"{'pipeline':<36} {'size':>9} {'imgs':>4} {'ours ms':>16} {'baseline ms':>16} {'speedup':>8}  found (ours/baseline)  baseline")
    for r in rows:
        found = f"{r['ours_found']}/{r['baseline_found']}"
        ours, base = f"{r['ours_ms']:.3f}", f"{r['baseline_ms']:.3f}"
        if "same_detections" in r:
            found += " tags, same ids" if r["same_detections"] else " tags, DIFFERENT ids"
            ours += f" ({r['ours_mean_ms']:.3f})"
            base += f" ({r['baseline_mean_ms']:.3f})"
        print(f"{r['pipeline']:<36} {r['size']:>9} {r['images']:>4} {ours:>16} {base:>16} "
              f"{r['speedup']:>7.2f}x  {found:<22} {r['baseline']}")


if __name__ == "__main__":
    main()
