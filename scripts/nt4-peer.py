#!/usr/bin/env python3
"""WPILib's real NetworkTables 4 (pyntcore) as a peer for the NetworkTables tests and benchmark.

Modes (all listen on / connect to 127.0.0.1 only, and all stop by themselves):

  server    --port P [--port3 Q] [--seconds S] [--publish-fms]
            An NT4 server. Prints `READY <port4> <port3>` once listening. Stops when its standard input
            closes, on SIGTERM, or after S seconds.
  subscribe --port P [--prefix /vision/ ...] [--seconds S] [--count N]
            An NT4 client subscribed (send-all, periodic 5 ms) to every topic under the prefix. Prints
            `CONNECTED` when connected, then one JSON line per value received:
            {"name", "type", "value", "time_us" (the value's timestamp as ntcore gives it),
             "local_us" (ntcore's local clock at receipt), "server_offset_us", "mono_ns"};
            a `struct:Pose3d` value also gets "pose3d": [x, y, z, qw, qx, qy, qz] as WPILib's struct
            unpacker (wpimath) reads it, or null when it cannot (e.g. empty bytes).
  publish   --port P --table /bench/python --count N --rate HZ [--first F]
            An NT4 client that publishes the same topics as the Swift TargetingTablePublisher at a fixed
            rate (periodic 5 ms, flushing after every result, as PhotonVision does). Prints one JSON line per result:
            {"frame", "mono_ns"} with the CLOCK_MONOTONIC time the result was produced.
Exit status 3 means pyntcore is not installed.
"""
import argparse
import json
import os
import signal
import sys
import threading
import time

try:
    import ntcore
except ImportError as error:  # pragma: no cover - reported to the caller
    print(f"pyntcore unavailable: {error}", file=sys.stderr, flush=True)
    sys.exit(3)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from nt4_server import start_server, stop_server  # noqa: E402

IGNORE_STDIN = False


def wait_for_stop(seconds: float, stop: threading.Event | None = None) -> None:
    """Returns when stdin closes (unless --ignore-stdin), SIGTERM arrives, `stop` is set, or `seconds` pass
    (main thread only)."""
    stop = stop or threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if IGNORE_STDIN:
        stop.wait(seconds)
        return

    def watch_stdin() -> None:
        try:
            while sys.stdin.read(1):
                pass
        except Exception:
            pass
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    stop.wait(seconds)


def run_server(args: argparse.Namespace) -> None:
    inst = ntcore.NetworkTableInstance.create()
    port4, port3, persist = start_server(inst, "nt4-peer", args.port, args.port3, args.persist)
    publishers = []
    if args.publish_fms:
        # What robot code publishes: FMS information read by vision (alliance colour for LEDs).
        fms = inst.getTable("FMSInfo")
        red = fms.getBooleanTopic("IsRedAlliance").publish()
        red.set(True)
        station = fms.getIntegerTopic("StationNumber").publish()
        station.set(2)
        publishers += [red, station]
    print(f"READY {port4} {port3}", flush=True)
    wait_for_stop(args.seconds)
    stop_server(inst, persist)
    ntcore.NetworkTableInstance.destroy(inst)


def value_json(value):
    if isinstance(value, (bytes, bytearray)):
        return list(value)
    if isinstance(value, (list, tuple)):
        return [value_json(v) for v in value]
    return value


def unpack_pose3d(value):
    """A packed `Pose3d` as wpimath unpacks it: [x, y, z, qw, qx, qy, qz], or None."""
    try:
        import wpimath.geometry
        import wpiutil.wpistruct
        pose = wpiutil.wpistruct.unpack(wpimath.geometry.Pose3d, bytes(value))
    except Exception:
        return None
    q = pose.rotation().getQuaternion()
    return [pose.X(), pose.Y(), pose.Z(), q.W(), q.X(), q.Y(), q.Z()]


def run_subscribe(args: argparse.Namespace) -> None:
    inst = ntcore.NetworkTableInstance.create()
    inst.startClient4("nt4-peer-subscriber")
    inst.setServer("127.0.0.1", args.port)
    options = ntcore.PubSubOptions(periodic=0.005, sendAll=True, keepDuplicates=True)
    sub = ntcore.MultiSubscriber(inst, args.prefix or ["/"], options)
    lock = threading.Lock()
    received = [0]
    done = threading.Event()

    def on_value(event) -> None:
        mono_ns = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        data = event.data
        value = data.value
        line = {
            "name": data.topic.getName(),
            "type": data.topic.getTypeString(),
            "value": value_json(value.value()),
            "time_us": value.time(),
            "server_time_us": value.server_time(),
            "local_us": ntcore._now(),
            "server_offset_us": inst.getServerTimeOffset(),
            "mono_ns": mono_ns,
        }
        if line["type"] == "struct:Pose3d":
            line["pose3d"] = unpack_pose3d(value.value())
        with lock:
            print(json.dumps(line), flush=True)
            received[0] += 1
            if args.count and received[0] >= args.count:
                done.set()

    inst.addListener(sub, ntcore.EventFlags.kValueAll, on_value)
    deadline = time.monotonic() + args.seconds
    while not inst.isConnected() and time.monotonic() < deadline:
        time.sleep(0.01)
    if inst.isConnected():
        print("CONNECTED", flush=True)
    wait_for_stop(max(0.0, deadline - time.monotonic()), done)
    inst.stopClient()
    ntcore.NetworkTableInstance.destroy(inst)


def run_publish(args: argparse.Namespace) -> None:
    inst = ntcore.NetworkTableInstance.create()
    inst.startClient4("nt4-peer-publisher")
    inst.setServer("127.0.0.1", args.port)
    deadline = time.monotonic() + 10
    while not inst.isConnected() and time.monotonic() < deadline:
        time.sleep(0.01)
    if not inst.isConnected():
        print("publisher could not connect", file=sys.stderr, flush=True)
        sys.exit(2)
    table = inst.getTable(args.table)
    options = ntcore.PubSubOptions(periodic=0.005, sendAll=True, keepDuplicates=True)
    # The same 19 topics, types and values as TargetingTablePublisher.
    double_names = ["distance", "offset", "tv", "tx", "ty", "ta", "tl", "cl", "tid", "hb",
                    "distance_m", "yaw", "pitch", "skew"]
    doubles = {name: table.getDoubleTopic(name).publish(options) for name in double_names}
    found = table.getBooleanTopic("found").publish(options)
    target_id = table.getIntegerTopic("target_id").publish(options)
    corners = table.getDoubleArrayTopic("corners").publish(options)
    frame = table.getIntegerTopic("frame").publish(options)
    pipeline = table.getStringTopic("pipeline").publish(options)
    time.sleep(0.5)  # let the announcements settle, as the Swift side does
    period = 1.0 / args.rate
    start = time.monotonic()
    for index in range(args.first, args.first + args.count):
        target = start + (index - args.first) * period
        pause = target - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        mono_ns = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        now = ntcore._now()
        for name, pub in doubles.items():
            pub.set(float(index % 100) * 0.5, now)
        found.set(True, now)
        target_id.set(index % 30, now)
        corners.set([10.0, 20.0, 30.0, 20.0, 30.0, 40.0, 10.0, 40.0], now)
        frame.set(index, now)
        pipeline.set("apriltag", now)
        inst.flush()
        print(json.dumps({"frame": index, "mono_ns": mono_ns}), flush=True)
    time.sleep(0.5)
    inst.stopClient()
    ntcore.NetworkTableInstance.destroy(inst)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ignore-stdin", action="store_true", help="stop only on SIGTERM or the time limit")
    modes = parser.add_subparsers(dest="mode", required=True)
    server = modes.add_parser("server")
    server.add_argument("--port", type=int, default=0)
    server.add_argument("--port3", type=int, default=0)
    server.add_argument("--persist", default="")
    server.add_argument("--seconds", type=float, default=120)
    server.add_argument("--publish-fms", action="store_true",
                        help="publish /FMSInfo/IsRedAlliance=true and /FMSInfo/StationNumber=2 from the server")
    subscribe = modes.add_parser("subscribe")
    subscribe.add_argument("--port", type=int, required=True)
    subscribe.add_argument("--prefix", action="append", help="topic name prefix (repeatable; default /)")
    subscribe.add_argument("--seconds", type=float, default=60)
    subscribe.add_argument("--count", type=int, default=0)
    publish = modes.add_parser("publish")
    publish.add_argument("--port", type=int, required=True)
    publish.add_argument("--table", default="/bench/python")
    publish.add_argument("--count", type=int, default=1000)
    publish.add_argument("--rate", type=float, default=100)
    publish.add_argument("--first", type=int, default=0, help="number of the first frame")
    args = parser.parse_args()
    global IGNORE_STDIN
    IGNORE_STDIN = args.ignore_stdin
    {"server": run_server, "subscribe": run_subscribe, "publish": run_publish}[args.mode](args)


if __name__ == "__main__":
    main()
