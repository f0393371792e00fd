#!/usr/bin/env python3
"""PhotonLib's side of the PhotonVision wire contract, for the Swift tests (photonlibpy 2026.3.4).

  photon-peer.py decode   read hex-encoded `rawBytes` values from stdin, one per line; decode each with
                          photonlibpy's own PhotonPipelineResult decoder and print it as one JSON line
                          (floats as exact hexadecimal strings, float.hex(): "0x1.8p+1", "nan", "-inf")
  photon-peer.py uuid     print the message UUIDs and schemas photonlibpy expects, as one JSON line
  photon-peer.py robot --camera NAME [--seconds 60] [--layout 2026-rebuilt-welded --robot-to-camera X,Y,Z]
                          the robot: a pyntcore NT4 server on 127.0.0.1 (free ports; prints `READY <port>`) and
                          photonlibpy's PhotonCamera(NAME) in the same process (it also starts PhotonVision's time
                          sync server, UDP 5810 on all interfaces: run one at a time). Prints one JSON line per
                          result from getAllUnreadResults() and a status line every 0.1 s ({"connected":
                          isConnected(), "pipeline", "driver", "fps_limit": the camera's state topics through
                          PhotonLib's getters, "true_offset_us": the robot clock (FPGA time) minus CLOCK_MONOTONIC,
                          "sync_offset_us": the coprocessor's /photonvision/.timesync/*/offset_us}); stops when stdin
                          closes or after --seconds. Lines on stdin are robot code's requests: `pipeline N`,
                          `driver 0|1`, `fps N` (PhotonCamera's setters). With --layout, also PhotonPoseEstimator's
                          estimateCoprocMultiTagPose() with the robot-to-camera translation (metres, no rotation).
"""
import json
import os
import sys

import photonlibpy  # noqa: F401  (registers the generated decoders)
from photonlibpy.packet import Packet
from photonlibpy.targeting import PhotonPipelineResult

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))


def number(value):
    return float(value).hex()


def transform(t):
    q = t.rotation().getQuaternion()
    return [number(v) for v in (t.X(), t.Y(), t.Z(), q.W(), q.X(), q.Y(), q.Z())]


def corners(cs):
    return [[number(c.x), number(c.y)] for c in cs]


def describe(result, packet):
    multitag = result.multitagResult
    return {
        "consumed": packet.readPos,
        "size": packet.getSize(),
        "out_of_bytes": packet.outOfBytes,
        "metadata": {
            "sequence_id": result.metadata.sequenceID,
            "capture_us": result.metadata.captureTimestampMicros,
            "publish_us": result.metadata.publishTimestampMicros,
            "since_pong_us": result.metadata.timeSinceLastPong,
        },
        "targets": [
            {
                "yaw": number(t.yaw), "pitch": number(t.pitch), "area": number(t.area), "skew": number(t.skew),
                "fiducial_id": t.fiducialId, "obj_id": t.objDetectId, "obj_conf": number(t.objDetectConf),
                "best": transform(t.bestCameraToTarget), "alt": transform(t.altCameraToTarget),
                "ambiguity": number(t.poseAmbiguity),
                "min_area_rect": corners(t.minAreaRectCorners), "detected": corners(t.detectedCorners),
            }
            for t in result.targets
        ],
        "multitag": None if multitag is None else {
            "best": transform(multitag.estimatedPose.best), "alt": transform(multitag.estimatedPose.alt),
            "best_error": number(multitag.estimatedPose.bestReprojErr),
            "alt_error": number(multitag.estimatedPose.altReprojErr),
            "ambiguity": number(multitag.estimatedPose.ambiguity),
            "ids": list(multitag.fiducialIDsUsed),
        },
    }


def decode():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        packet = Packet(bytes.fromhex(line))
        result = PhotonPipelineResult.photonStruct.unpack(packet)
        print(json.dumps(describe(result, packet)), flush=True)


def uuid():
    from photonlibpy.generated import (MultiTargetPNPResultSerde, PhotonPipelineMetadataSerde,
                                       PhotonPipelineResultSerde, PhotonTrackedTargetSerde, PnpResultSerde,
                                       TargetCornerSerde)
    serdes = [PhotonPipelineResultSerde, PhotonPipelineMetadataSerde, PhotonTrackedTargetSerde, TargetCornerSerde,
              MultiTargetPNPResultSerde, PnpResultSerde]
    print(json.dumps({
        "version": photonlibpy.version.PHOTONLIB_VERSION,
        "messages": {s.__name__.removesuffix("Serde"): {"uuid": s.MESSAGE_VERSION, "schema": s.MESSAGE_FORMAT}
                     for s in serdes},
    }), flush=True)


def robot():
    import argparse, threading, time
    import ntcore
    from nt4_server import start_server, stop_server
    from photonlibpy import PhotonCamera
    from wpilib import Timer

    parser = argparse.ArgumentParser()
    parser.add_argument("--camera", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--layout")
    parser.add_argument("--robot-to-camera", default="0,0,0")
    parser.add_argument("--poll-ms", type=float, default=5, help="how often getAllUnreadResults() is called")
    args = parser.parse_args(sys.argv[2:])
    estimator = None
    if args.layout:
        from wpilib_tags import load_field
        from photonlibpy import PhotonPoseEstimator
        from wpimath.geometry import Rotation3d, Transform3d, Translation3d
        layout = load_field(args.layout)
        x, y, z = (float(v) for v in args.robot_to_camera.split(","))
        estimator = PhotonPoseEstimator(layout, Transform3d(Translation3d(x, y, z), Rotation3d()))
    inst = ntcore.NetworkTableInstance.getDefault()
    port4, _, persist = start_server(inst, "photon-peer")
    camera = PhotonCamera(args.camera)
    sync = ntcore.MultiSubscriber(inst, ["/photonvision/.timesync/"])
    sync_entries = {}
    stop = threading.Event()
    setters = {"pipeline": lambda v: camera.setPipelineIndex(int(v)), "driver": lambda v: camera.setDriverMode(v == "1"),
               "fps": lambda v: camera.setFPSLimit(int(v))}

    def watch_stdin():
        for line in sys.stdin:
            words = line.split()
            if len(words) == 2 and words[0] in setters:
                setters[words[0]](words[1])
        stop.set()

    def true_offset():
        # The robot clock minus CLOCK_MONOTONIC (the coprocessor's clock here), from the tightest of 5 readings.
        best = None
        for _ in range(5):
            before = time.monotonic_ns()
            fpga = Timer.getFPGATimestamp()
            after = time.monotonic_ns()
            if best is None or after - before < best[0]:
                best = (after - before, round(fpga * 1e6 - (before + after) / 2000))
        return best[1]

    def sync_offset():
        for topic in inst.getTopics("/photonvision/.timesync/"):
            if topic.getName().endswith("/offset_us") and topic.getName() not in sync_entries:
                sync_entries[topic.getName()] = topic.genericSubscribe()
        for entry in sync_entries.values():
            value = entry.get()
            if value.isInteger():
                return value.getInteger()
        return None

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(f"READY {port4}", flush=True)
    end = time.monotonic() + args.seconds
    next_status = 0.0
    while not stop.is_set() and time.monotonic() < end:
        try:
            for result in camera.getAllUnreadResults():
                multitag = result.multitagResult
                estimate = estimator.estimateCoprocMultiTagPose(result) if estimator else None
                print(json.dumps({
                    "estimated_robot": None if estimate is None else [
                        estimate.estimatedPose.X(), estimate.estimatedPose.Y(), estimate.estimatedPose.Z()],
                    "seq": result.metadata.sequenceID,
                    "since_pong_us": result.metadata.timeSinceLastPong,
                    "targets": len(result.targets),
                    "capture_us": result.metadata.captureTimestampMicros,
                    "publish_us": result.metadata.publishTimestampMicros,
                    "receive_us": result.ntReceiveTimestampMicros,
                    "timestamp_us": round(result.getTimestampSeconds() * 1e6),
                    "robot_now_us": round(Timer.getFPGATimestamp() * 1e6),
                    "ids": [t.fiducialId for t in result.targets],
                    "best_distances": [t.bestCameraToTarget.translation().norm() for t in result.targets],
                    "multitag": None if multitag is None else {
                        "ids": list(multitag.fiducialIDsUsed),
                        "translation": [multitag.estimatedPose.best.X(), multitag.estimatedPose.best.Y(),
                                        multitag.estimatedPose.best.Z()],
                    },
                }), flush=True)
        except Exception as error:  # a decoding or version error is the test's finding
            print(json.dumps({"error": repr(error)}), flush=True)
        if time.monotonic() >= next_status:
            print(json.dumps({
                "connected": camera.isConnected(), "pipeline": camera.getPipelineIndex(),
                "driver": camera.getDriverMode(), "fps_limit": camera.getFPSLimit(),
                "true_offset_us": true_offset(), "sync_offset_us": sync_offset(),
                "robot_now_us": round(Timer.getFPGATimestamp() * 1e6),
            }), flush=True)
            next_status = time.monotonic() + 0.1
        time.sleep(args.poll_ms / 1000)
    stop_server(inst, persist)


if __name__ == "__main__":
    {"decode": decode, "uuid": uuid, "robot": robot}[sys.argv[1]]()
