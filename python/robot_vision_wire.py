"""Reference decoder/encoder for the robot-vision bus wire format, using only the standard library.

Every bus message is ONE ZeroMQ frame: a header followed by a payload. All fields are little-endian.
The layout is specified in docs/wire-format.md; this module is the executable form of that document and is
used by the project's interoperability tests (a pyzmq peer decoding what the Swift services send).

    import zmq, robot_vision_wire as wire
    pull = zmq.Context().socket(zmq.PULL); pull.bind("tcp://*:5805")
    print(wire.decode(pull.recv()))
"""
import struct

MAGIC = b"RV"
VERSION = 1
HEADER = struct.Struct("<2sBBQQB")  # magic, version, type, sequence, sent_ns, sender_length

TARGETING_RESULT, STOP, STOP_ACK, STATUS, STATUS_REQUEST = 1, 2, 3, 4, 5
TYPE_NAMES = {1: "targeting_result", 2: "stop", 3: "stop_ack", 4: "status", 5: "status_request"}
PIPELINES = {0: "none", 1: "reflective2019", 2: "apriltag"}
STATES = {1: "starting", 2: "ready", 3: "stopping"}
RESULT = struct.Struct("<QIIBBhffffffHHB")  # 49 bytes, then 8 bytes (x, y float32) per corner


class WireError(ValueError):
    """The frame is not a valid robot-vision message."""


def _short_string(frame, offset):
    if offset >= len(frame):
        raise WireError("truncated string length")
    length = frame[offset]
    end = offset + 1 + length
    if end > len(frame):
        raise WireError("truncated string")
    return frame[offset + 1:end].decode("utf-8"), end


def decode(frame: bytes) -> dict:
    """Decodes one frame into a dict with 'type', 'sequence', 'sent_ns', 'sender' and the payload's fields."""
    if len(frame) < HEADER.size:
        raise WireError("frame shorter than the header")
    magic, version, mtype, sequence, sent_ns, _ = HEADER.unpack_from(frame, 0)
    if magic != MAGIC:
        raise WireError("bad magic")
    if version != VERSION:
        raise WireError(f"unsupported version {version}")
    if mtype not in TYPE_NAMES:
        raise WireError(f"unknown type {mtype}")
    sender, offset = _short_string(frame, HEADER.size - 1)
    message = {"type": TYPE_NAMES[mtype], "sequence": sequence, "sent_ns": sent_ns, "sender": sender}
    try:
        if mtype == TARGETING_RESULT:
            (capture_ns, latency_us, frame_number, found, pipeline, target_id, distance, yaw, pitch, skew,
             offset_px, area, width, height, corner_count) = RESULT.unpack_from(frame, offset)
            offset += RESULT.size
            corners = [struct.unpack_from("<ff", frame, offset + 8 * i) for i in range(corner_count)]
            message.update(capture_ns=capture_ns, pipeline_latency_us=latency_us, frame_number=frame_number,
                           found=bool(found), pipeline=PIPELINES.get(pipeline, pipeline), target_id=target_id,
                           distance_m=distance, yaw_deg=yaw, pitch_deg=pitch, skew_deg=skew, offset_px=offset_px,
                           area_percent=area, image_width=width, image_height=height, corners=corners)
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
