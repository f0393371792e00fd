#!/usr/bin/env python3
"""Streaming benchmark driver (run through scripts/bench-stream.sh).

Phases, all on 127.0.0.1:
  1. ours, fixed settings: stream-bench serves one 640x480 stream at quality 80, 30 fps, one external client
     (bench-stream-client.py) measures capture-to-receive latency; stream-bench reports its CPU time and encode time.
  2. cscore, same settings: bench-stream-cscore.py (WPILib's CvSource + MjpegServer) with the same image, overlay,
     size, quality and rate, one client; CPU time per streamed frame is compared with ours.
     Phases 1 and 2 take turns (ABAB) for --rounds rounds; both divide their CPU time by the same denominator, the
     frames their client received; each figure is the median over the rounds, with the smallest and largest.
  3. ours, budget: two streams under the 4 Mbit/s budget, one client each; then three clients (two on one stream).
Prints a table, or one JSON object with --json.
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_tagged(proc, tag, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            if proc.poll() is not None:
                raise RuntimeError(f"process exited ({proc.returncode}) before {tag}: {proc.stderr.read()}")
            continue
        if line.startswith(tag + " "):
            return json.loads(line[len(tag) + 1 :])
    raise RuntimeError(f"no {tag} within {timeout} s")


def run_phase(server_cmd, client_ports_index, warmup, duration, path="/?action=stream"):
    server = subprocess.Popen(server_cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready = read_tagged(server, "READY", 60)
        ports = ready["ports"]
        clients = [
            subprocess.Popen(
                [sys.executable, os.path.join(HERE, "bench-stream-client.py"), "--port", str(ports[i]), "--path", path,
                 "--warmup", str(warmup), "--duration", str(duration)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for i in client_ports_index
        ]
        result = read_tagged(server, "RESULT", warmup + duration + 60)
        client_results = []
        for c in clients:
            out, err = c.communicate(timeout=warmup + duration + 30)
            client_results.append(json.loads(out.strip().splitlines()[-1]) if out.strip() else {"error": err})
        return result, client_results
    finally:
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run_fixed(args, common, image, warmup):
    ours, clients = run_phase([args.bench, "--streams", "1", "--quality", str(args.quality), "--warmup", str(warmup),
                               "--duration", str(args.duration)] + common + image, [0], warmup, args.duration)
    lat = clients[0].get("latencies_ms", [])
    return {
        "encodeMsPerFrame": ours["encodeMsPerFrame"],
        "overlayDrawMsPerFrame": ours["drawMsPerFrame"],
        "latencyP50Ms": percentile(lat, 50), "latencyP95Ms": percentile(lat, 95),
        "latencyMaxMs": max(lat) if lat else None, "latencySamples": len(lat),
        "framesSentServer": ours["framesSent"], "framesReceivedClient": clients[0]["frames"],
        "cpuSeconds": ours["cpuSeconds"],
        # The same denominator as cscore's: frames the client received.
        "cpuMsPerStreamedFrame": 1000 * ours["cpuSeconds"] / max(1, clients[0]["frames"]),
        "cpuMsPerStreamedFrameWithoutOverlay":
            1000 * (ours["cpuSeconds"] - ours["drawCpuSeconds"]) / max(1, clients[0]["frames"]),
        "mbpsPerStream": clients[0]["bytes"] * 8 / 1e6 / args.duration,
    }


def run_cscore(args, common, image, warmup):
    port = free_port()
    cs, cs_clients = run_phase([sys.executable, os.path.join(HERE, "bench-stream-cscore.py"), "--port", str(port),
                                "--quality", str(args.quality), "--warmup", str(warmup), "--duration", str(args.duration)]
                               + common + image, [0], warmup, args.duration)
    frames = cs_clients[0]["frames"]
    return {
        "cpuSeconds": cs["cpuSeconds"], "framesPut": cs["framesPublished"], "framesReceivedClient": frames,
        "cpuMsPerStreamedFrame": 1000 * cs["cpuSeconds"] / max(1, frames),
        "cpuMsPerStreamedFrameWithoutProducerThread":
            1000 * (cs["cpuSeconds"] - cs["producerCpuSeconds"]) / max(1, frames),
        "mbpsPerStream": cs_clients[0]["bytes"] * 8 / 1e6 / args.duration,
    }


def run_budget(args, common, image):
    runs = []
    for clients_on in ([0, 1], [0, 0, 1]):
        warm = 6
        res, cls = run_phase([args.bench, "--streams", "2", "--quality", str(args.quality), "--budget-mbps",
                              str(args.budget_mbps), "--warmup", str(warm), "--duration", str(args.duration)]
                             + common + image, clients_on, warm, args.duration)
        per_client = [c["bytes"] * 8 / 1e6 / args.duration for c in cls]
        total = sum(per_client)
        runs.append({
            "clients": clients_on, "mbpsPerClient": per_client, "totalMbps": total,
            "serverTotalMbps": res["bytesSent"] * 8 / 1e6 / res["seconds"],
            "fractionOfBudget": total / args.budget_mbps, "streams": res["streams"],
            "fpsPerClient": [c["frames"] / args.duration for c in cls],
        })
    return runs


def median_run(runs, key):
    """The run whose `key` is the median over `runs` (the upper middle one for an even count), with every run's
    `key` value and their spread added."""
    ordered = sorted(runs, key=lambda r: r[key])
    chosen = dict(ordered[len(ordered) // 2])
    values = [r[key] for r in runs]
    chosen[key + "Runs"] = values
    chosen[key + "Median"] = statistics.median(values)
    chosen[key + "Min"], chosen[key + "Max"] = min(values), max(values)
    return chosen


def peer_versions():
    from importlib import metadata
    versions = {}
    for package in ("robotpy-cscore", "opencv-python-headless", "numpy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "absent"
    return versions


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", required=True, help="path of the stream-bench executable")
    parser.add_argument("--image", help="image to stream (default: a synthetic test card)")
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--quality", type=int, default=80)
    parser.add_argument("--fps", type=float, default=30)
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--height", type=int, default=480)
    parser.add_argument("--budget-mbps", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=5, help="ABAB rounds of ours and cscore (at least 1)")
    parser.add_argument("--skip-cscore", action="store_true")
    parser.add_argument("--phases", default="fixed,cscore,budget", help="comma-separated subset of fixed,cscore,budget")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--json-out", help="also write the JSON report to this file")
    args = parser.parse_args()

    common = ["--width", str(args.width), "--height", str(args.height), "--fps", str(args.fps)]
    image = ["--image", args.image] if args.image else []
    phases = set(args.phases.split(","))
    if args.skip_cscore:
        phases.discard("cscore")
    report = {"settings": {"width": args.width, "height": args.height, "fps": args.fps, "quality": args.quality,
                           "durationSeconds": args.duration, "image": args.image or "synthetic test card",
                           "budgetMbps": args.budget_mbps}}
    warmup = 3
    if args.rounds < 1:
        sys.exit("--rounds must be at least 1")
    if "cscore" in phases:
        report["peer"] = peer_versions()
        print(f"peer: robotpy-cscore {report['peer']['robotpy-cscore']} (WPILib cscore CvSource + MjpegServer), "
              f"opencv-python-headless {report['peer']['opencv-python-headless']}, Python {sys.version.split()[0]}",
              file=sys.stderr)
    ours_runs, cscore_runs = [], []
    for round_index in range(args.rounds if phases & {"fixed", "cscore"} else 0):
        print(f"round {round_index + 1}/{args.rounds}", file=sys.stderr)
        if "fixed" in phases:
            ours_runs.append(run_fixed(args, common, image, warmup))
        if "cscore" in phases:
            cscore_runs.append(run_cscore(args, common, image, warmup))
    if ours_runs:
        report["ours"] = median_run(ours_runs, "cpuMsPerStreamedFrame")
    if cscore_runs:
        report["cscore"] = median_run(cscore_runs, "cpuMsPerStreamedFrame")
    if ours_runs and cscore_runs:
        ratios = [o["cpuMsPerStreamedFrame"] / c["cpuMsPerStreamedFrame"] for o, c in zip(ours_runs, cscore_runs)]
        report["oursVsCscoreCpuPerFrame"] = {"median": statistics.median(ratios), "min": min(ratios),
                                             "max": max(ratios), "runs": ratios}
    if "budget" in phases:
        report["budget"] = run_budget(args, common, image)

    period_ms = 1000 / args.fps
    checks = {}
    if "ours" in report:
        checks["latencyP95UnderOneFramePeriod"] = report["ours"]["latencyP95Ms"] < period_ms
    if "budget" in report:
        checks["totalRateWithin10PercentOfBudget"] = all(0.9 <= r["fractionOfBudget"] <= 1.1 for r in report["budget"])
    if "ours" in report and "cscore" in report:
        checks["cpuPerFrameNoWorseThanCscore"] = (
            report["ours"]["cpuMsPerStreamedFrame"] <= report["cscore"]["cpuMsPerStreamedFrame"])
        checks["encodeAndServeCpuNoWorseThanCscore"] = (
            report["ours"]["cpuMsPerStreamedFrameWithoutOverlay"]
            <= report["cscore"]["cpuMsPerStreamedFrameWithoutProducerThread"])
    report["checks"] = checks

    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(report, f, indent=2)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    rows = []
    verdict = lambda ok: "PASS" if ok else "FAIL"
    if "ours" in report:
        o = report["ours"]
        rows += [
            ("JPEG encode per frame (ours, Vision)", f"{o['encodeMsPerFrame']:.2f} ms", ""),
            ("overlay draw per frame (ours)", f"{o['overlayDrawMsPerFrame']:.2f} ms", ""),
            ("capture->client latency p50 / p95 / max",
             f"{o['latencyP50Ms']:.1f} / {o['latencyP95Ms']:.1f} / {o['latencyMaxMs']:.1f} ms",
             f"p95 < {period_ms:.1f} ms: {verdict(checks['latencyP95UnderOneFramePeriod'])}"),
            ("frames sent / received (1 client)", f"{o['framesSentServer']} / {o['framesReceivedClient']}", ""),
            ("stream rate at fixed quality (no budget)", f"{o['mbpsPerStream']:.2f} Mbit/s", ""),
            ("CPU per streamed frame (ours, overlay+encode+serve)",
             f"{o['cpuMsPerStreamedFrameMedian']:.2f} ms [{o['cpuMsPerStreamedFrameMin']:.2f}-"
             f"{o['cpuMsPerStreamedFrameMax']:.2f}]", ""),
            ("  without overlay drawing (encode+serve)", f"{o['cpuMsPerStreamedFrameWithoutOverlay']:.2f} ms", ""),
        ]
    if "cscore" in report:
        c = report["cscore"]
        rows.append(("CPU per streamed frame (cscore, overlay+encode+serve)",
                     f"{c['cpuMsPerStreamedFrameMedian']:.2f} ms [{c['cpuMsPerStreamedFrameMin']:.2f}-"
                     f"{c['cpuMsPerStreamedFrameMax']:.2f}]",
                     f"ours <= cscore: {verdict(checks['cpuPerFrameNoWorseThanCscore'])}" if "ours" in report else ""))
        rows.append(("  without its Python thread (cscore encode+serve)",
                     f"{c['cpuMsPerStreamedFrameWithoutProducerThread']:.2f} ms",
                     "ours <= cscore: " + verdict(report["ours"]["cpuMsPerStreamedFrameWithoutOverlay"]
                                                  <= c["cpuMsPerStreamedFrameWithoutProducerThread"]) if "ours" in report else ""))
        rows.append(("cscore frames put / received, rate",
                     f"{c['framesPut']} / {c['framesReceivedClient']}, {c['mbpsPerStream']:.2f} Mbit/s", ""))
    if "oursVsCscoreCpuPerFrame" in report:
        r = report["oursVsCscoreCpuPerFrame"]
        rows.append(("ours / cscore CPU per frame, per round", f"{r['median']:.2f}x [{r['min']:.2f}-{r['max']:.2f}]", ""))
    for r in report.get("budget", []):
        rows.append((f"budget, clients on streams {r['clients']}",
                     " + ".join(f"{x:.2f}" for x in r["mbpsPerClient"])
                     + f" = {r['totalMbps']:.2f} Mbit/s ({100 * r['fractionOfBudget']:.0f} %)",
                     f"within 10 % of {args.budget_mbps:g} Mbit/s: {verdict(0.9 <= r['fractionOfBudget'] <= 1.1)}"))
        rows.append(("  settings at the end; fps per client",
                     "; ".join(f"{s['name']} q{s['quality']} {s['fps']:g} fps x{s['scale']:g}" for s in r["streams"]),
                     ", ".join(f"{f:.1f}" for f in r["fpsPerClient"])))
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    print(f"streaming benchmark: {args.width}x{args.height} q{args.quality} {args.fps:g} fps, "
          f"{args.duration:g} s per phase, {args.rounds} ABAB rounds (median [min-max]), "
          f"image: {report['settings']['image']}")
    if "peer" in report:
        print(f"peer: robotpy-cscore {report['peer']['robotpy-cscore']}, "
              f"opencv-python-headless {report['peer']['opencv-python-headless']}")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:<{vwidth}}  {note}")


if __name__ == "__main__":
    main()
