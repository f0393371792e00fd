"""Reference decoder/encoder for the robot-vision bus wire format, using only the standard library.

Every bus message is ONE ZeroMQ frame: a header followed by a payload. All fields are little-endian.
This decoder speaks wire version 2 (a targeting result carries every target of a frame and an optional field pose);
a frame of another version raises WireError rather than being misread.
The layout is specified in docs/wire-format.md; this module is the executable form of that document and is
used by the project's interoperability tests (a pyzmq peer decoding what the Swift services send).

    import zmq, robot_vision_wire as wire
    pull = zmq.Context().socket(zmq.PULL); pull.bind("tcp://*:5805")
    print(wire.decode(pull.recv()))
"""
import struct

MAGIC = b"RV"
VERSION = 2
HEADER = struct.Struct("<2sBBQQB")  # magic, version, type, sequence, sent_ns, sender_length

TARGETING_RESULT, STOP, STOP_ACK, STATUS, STATUS_REQUEST = 1, 2, 3, 4, 5
TYPE_NAMES = {1: "targeting_result", 2: "stop", 3: "stop_ack", 4: "status", 5: "status_request"}
PIPELINES = {1: "reflective2019", 2: "apriltag", 3: "driver"}
STATES = {1: "starting", 2: "ready", 3: "stopping"}
# Targeting result (wire version 2): capture_ns, latency_us, frame_number, pipeline, width, height, flags,
# target_count, targets_cut; then the targets, then the field pose when flags bit 0 is set.
RESULT = struct.Struct("<QIQBHHBBH")  # 29 bytes
# Target: id, yaw, pitch, area, skew, distance, offset_px, decision_margin, hamming, corner_count; then the corners
# (x, y float32 each), a pose flags byte, the flagged poses and the ambiguity (float32).
TARGET = struct.Struct("<hfffffffBB")  # 32 bytes; at least 37 with the flags byte and ambiguity
TRANSFORM = struct.Struct("<7f")  # x, y, z, qw, qx, qy, qz
POSE = struct.Struct("<7ff")  # transform, reprojection error
MAX_TARGETS, MAX_CORNERS, MAX_FIELD_TAGS = 32, 8, 32
# The largest magnitude of each kind of float (docs/wire-format.md, "Rules for receivers"): a frame with a float
# that is NaN, infinite or beyond its limit is rejected, naming the field.
ANGLE_DEG, AREA_PERCENT, METERS, PIXELS, SCORE, QUATERNION = 360.0, 1000.0, 1e4, 1e6, 1e6, 1.01
QUATERNION_NORM_TOLERANCE = 0.02


class WireError(ValueError):
    """The frame is not a valid robot-vision message."""


def _check(value, field, limit):
    if not abs(value) <= limit:  # false for NaN too
        raise WireError(f"invalid field: {field} is {value}, outside ±{limit}")
    return value


def _short_string(frame, offset):
    if offset >= len(frame):
        raise WireError("truncated string length")
    length = frame[offset]
    end = offset + 1 + length
    if end > len(frame):
        raise WireError("truncated string")
    return frame[offset + 1:end].decode("utf-8"), end


def _transform(values, name):
    x, y, z, qw, qx, qy, qz = values
    for value in (x, y, z):
        _check(value, f"{name} translation", METERS)
    for value in (qw, qx, qy, qz):
        _check(value, f"{name} rotation", QUATERNION)
    norm = qw * qw + qx * qx + qy * qy + qz * qz
    if abs(norm - 1) > QUATERNION_NORM_TOLERANCE:
        raise WireError(f"invalid field: {name} rotation is not a unit quaternion (squared norm {norm})")
    return {"translation": {"x": x, "y": y, "z": z}, "rotation": {"quaternion": {"W": qw, "X": qx, "Y": qy, "Z": qz}}}


def _pose(frame, offset):
    *transform, error = POSE.unpack_from(frame, offset)
    _check(error, "target pose reprojection error", SCORE)
    return {"camera_to_target": _transform(transform, "target pose"), "reprojection_error_px": error}, offset + POSE.size


def _target(frame, offset):
    (target_id, yaw, pitch, area, skew, distance, offset_px, margin, hamming,
     corner_count) = TARGET.unpack_from(frame, offset)
    offset += TARGET.size
    for value, field, limit in ((yaw, "yaw", ANGLE_DEG), (pitch, "pitch", ANGLE_DEG), (area, "area", AREA_PERCENT),
                                (skew, "skew", ANGLE_DEG), (distance, "distance", METERS), (offset_px, "offset", PIXELS),
                                (margin, "decision margin", SCORE)):
        _check(value, f"target {field}", limit)
    if corner_count > MAX_CORNERS:
        raise WireError(f"corner count {corner_count} exceeds {MAX_CORNERS}")
    corners = [list(struct.unpack_from("<ff", frame, offset + 8 * i)) for i in range(corner_count)]
    for x, y in corners:
        _check(x, "target corner x", PIXELS)
        _check(y, "target corner y", PIXELS)
    offset += 8 * corner_count
    (flags,) = struct.unpack_from("<B", frame, offset)
    offset += 1
    if flags & ~0b11:
        raise WireError(f"unknown target pose flags {flags}")
    best = alternate = None
    if flags & 1:
        best, offset = _pose(frame, offset)
    if flags & 2:
        alternate, offset = _pose(frame, offset)
    (ambiguity,) = struct.unpack_from("<f", frame, offset)
    _check(ambiguity, "target ambiguity", SCORE)
    offset += 4
    return {"id": target_id, "yaw_deg": yaw, "pitch_deg": pitch, "area_percent": area, "skew_deg": skew,
            "distance_m": distance, "offset_px": offset_px, "decision_margin": margin, "hamming": hamming,
            "corners": corners, "best_pose": best, "alternate_pose": alternate, "ambiguity": ambiguity}, offset


def _field_pose(frame, offset):
    (flags,) = struct.unpack_from("<B", frame, offset)
    if flags & ~1:
        raise WireError(f"unknown field pose flags {flags}")
    camera = TRANSFORM.unpack_from(frame, offset + 1)
    robot = TRANSFORM.unpack_from(frame, offset + 29)
    error, ambiguity, count = struct.unpack_from("<ffB", frame, offset + 57)
    _check(error, "field pose reprojection error", SCORE)
    _check(ambiguity, "field pose ambiguity", SCORE)
    if count > MAX_FIELD_TAGS:
        raise WireError(f"field pose tag count {count} exceeds {MAX_FIELD_TAGS}")
    ids = list(struct.unpack_from(f"<{count}h", frame, offset + 66))
    return {"field_to_camera": _transform(camera, "field to camera"), "field_to_robot": _transform(robot, "field to robot"),
            "reprojection_error_px": error,
            "ambiguity": ambiguity, "multi_tag": bool(flags & 1), "tags_used": ids}, offset + 66 + 2 * count


def decode(frame: bytes) -> dict:
    """Decodes one frame into a dict with 'type', 'sequence', 'sent_ns', 'sender' and the payload's fields."""
    if len(frame) < HEADER.size:
        raise WireError("frame shorter than the header")
    magic, version, mtype, sequence, sent_ns, _ = HEADER.unpack_from(frame, 0)
    if magic != MAGIC:
        raise WireError("bad magic")
    if version != VERSION:
        raise WireError(f"unsupported wire version {version} (this decoder speaks {VERSION}); run matching versions")
    if mtype not in TYPE_NAMES:
        raise WireError(f"unknown type {mtype}")
    sender, offset = _short_string(frame, HEADER.size - 1)
    message = {"type": TYPE_NAMES[mtype], "sequence": sequence, "sent_ns": sent_ns, "sender": sender}
    try:
        if mtype == TARGETING_RESULT:
            (capture_ns, latency_us, frame_number, pipeline, width, height, flags, count,
             cut) = RESULT.unpack_from(frame, offset)
            offset += RESULT.size
            if pipeline not in PIPELINES:
                raise WireError(f"unknown pipeline {pipeline}")
            if flags & ~1:
                raise WireError(f"unknown result flags {flags}")
            if count > MAX_TARGETS:
                raise WireError(f"target count {count} exceeds {MAX_TARGETS}")
            targets = []
            for _ in range(count):
                target, offset = _target(frame, offset)
                targets.append(target)
            field_pose = None
            if flags & 1:
                field_pose, offset = _field_pose(frame, offset)
            message.update(capture_ns=capture_ns, pipeline_latency_us=latency_us, frame_number=frame_number,
                           pipeline=PIPELINES[pipeline], image_width=width, image_height=height,
                           found=bool(targets), targets=targets, targets_cut=cut, field_pose=field_pose)
        elif mtype in (STOP, STATUS_REQUEST):
            (message["stop_id" if mtype == STOP else "request_id"],) = struct.unpack_from("<Q", frame, offset)
        elif mtype == STOP_ACK:
            stop_id, state = struct.unpack_from("<QB", frame, offset)
            message.update(stop_id=stop_id, state=STATES.get(state, state))
        elif mtype == STATUS:
            request_id, state, pid, uptime_ms, count = struct.unpack_from("<QBIQB", frame, offset)
            offset += 22
            figures = {}
            for _ in range(count):
                name, offset = _short_string(frame, offset)
                (figures[name],) = struct.unpack_from("<d", frame, offset)
                offset += 8
            message.update(request_id=request_id, state=STATES.get(state, state), pid=pid, uptime_ms=uptime_ms,
                           figures=figures)
    except struct.error as error:
        raise WireError(f"truncated payload: {error}") from None
    return message


def encode_header(mtype: int, sequence: int, sent_ns: int, sender: str) -> bytes:
    name = sender.encode("utf-8")[:64]
    return HEADER.pack(MAGIC, VERSION, mtype, sequence, sent_ns, len(name)) + name


def encode_stop(stop_id: int, sender: str = "python", sequence: int = 0, sent_ns: int = 0) -> bytes:
    return encode_header(STOP, sequence, sent_ns, sender) + struct.pack("<Q", stop_id)


def encode_status_request(request_id: int, sender: str = "python", sequence: int = 0, sent_ns: int = 0) -> bytes:
    return encode_header(STATUS_REQUEST, sequence, sent_ns, sender) + struct.pack("<Q", request_id)
