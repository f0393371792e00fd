#!/usr/bin/env python3
"""PhotonLib's side of the PhotonVision wire contract, for the Swift tests (photonlibpy 2026.3.4).

  photon_peer.py decode   read hex-encoded `rawBytes` values from stdin, one per line; decode each with
                          photonlibpy's own PhotonPipelineResult decoder and print it as one JSON line
                          (floats as exact hexadecimal strings, float.hex(): "0x1.8p+1", "nan", "-inf")
  photon_peer.py uuid     print the message UUIDs and schemas photonlibpy expects, as one JSON line
"""
import json
import sys

import photonlibpy  # noqa: F401  (registers the generated decoders)
from photonlibpy.packet import Packet
from photonlibpy.targeting import PhotonPipelineResult


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


if __name__ == "__main__":
    {"decode": decode, "uuid": uuid}[sys.argv[1]]()
