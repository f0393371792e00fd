"""A hostile pyzmq peer: sends classes of broken frames, built from real frames, to a service's socket.

    hostile_frames.py send ENDPOINT push|pair COUNT [CLASS...]   send COUNT frames of each CLASS (default: all);
                                                                 prints {"CLASS": sent, ...}
    hostile_frames.py status ENDPOINT                       one status request; prints the decoded status as JSON

Classes: truncated, bitflip, floats, seqwrap, unknown, oversized. Frames sent to a control PAIR never decode as a
stop (that is what authentication is for; this peer tests robustness, not authorisation).
"""
import json
import math
import os
import random
import struct
import sys

import zmq

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "python"))
import robot_vision_wire as wire  # noqa: E402

MAX_FRAME = 5524
STOP = 2
CLASSES = ["truncated", "bitflip", "floats", "seqwrap", "unknown", "oversized"]


def result_frame(floats=None, sequence=1, sender="hostile"):
    """A real targeting result (2 tags with corners and both poses, a multi-tag field pose), per docs/wire-format.md.

    `floats(i, value)` may replace the i-th float field (in wire order)."""
    index = [0]

    def f(value):
        i = index[0]
        index[0] += 1
        return struct.pack("<f", floats(i, value) if floats else value)

    body = bytearray()
    targets = []
    for tag in (3, 7):
        t = bytearray(struct.pack("<h", tag))
        for value in (4.5, -2.0, 1.25, 3.0, 2.1, 12.0, 80.0):  # yaw, pitch, area, skew, distance, offset, margin
            t += f(value)
        t += struct.pack("<BB", 0, 4)
        for x, y in ((100, 100), (140, 100), (140, 140), (100, 140)):
            t += f(x) + f(y)
        t += struct.pack("<B", 3)
        for _ in range(2):  # best and alternate pose
            for value in (2.0, 0.1, 0.2, 1.0, 0.0, 0.0, 0.0, 0.4):
                t += f(value)
        t += f(0.2)  # ambiguity
        targets.append(t)
    field = bytearray(struct.pack("<B", 1))
    for _ in range(2):
        for value in (3.0, 2.0, 0.5, 1.0, 0.0, 0.0, 0.0):
            field += f(value)
    field += f(0.6) + f(-1.0) + struct.pack("<B", 2) + struct.pack("<hh", 3, 7)
    body += struct.pack("<QIQBHHBBH", 123_456_789, 20_000, 42, 2, 640, 480, 1, len(targets), 0)
    for t in targets:
        body += t
    body += field
    return wire.encode_header(1, sequence, 1_000, sender) + bytes(body), index[0]


def real_frames(kind):
    if kind == "push":
        return [result_frame()[0]]
    return [wire.encode_status_request(7, sender="hostile"), wire.encode_stop(9, sender="hostile")]


def defuse(frame, kind):
    """Frames for a control PAIR must not be a stop: turn the type byte into a status request."""
    frame = bytearray(frame)
    if kind == "pair" and len(frame) > 3 and frame[3] == STOP:
        frame[3] = 5
    return bytes(frame)


def frames(kind, cls, count):
    rng = random.Random(1234)
    bases = real_frames(kind)
    out = []
    if cls == "truncated":
        while len(out) < count:
            for base in bases:
                for length in range(len(base)):
                    out.append(base[:length])
    elif cls == "bitflip":
        while len(out) < count:
            frame = bytearray(rng.choice(bases))
            for _ in range(rng.randint(1, 8)):
                frame[rng.randrange(len(frame))] ^= 1 << rng.randrange(8)
            out.append(bytes(frame))
    elif cls == "floats":
        specials = [math.nan, math.inf, -math.inf, 1e30, -1e30, 3.4e38]
        _, float_count = result_frame()
        unique = []
        for value in specials:
            unique.append(result_frame(lambda i, v: value)[0])  # every float at once
            for field in range(float_count):
                unique.append(result_frame(lambda i, v: value if i == field else v)[0])
        while len(out) < count:
            out += unique
    elif cls == "seqwrap":
        unique = []
        for sender in ["wrap%d" % n for n in range(4)]:
            for sequence in (2**64 - 1, 5, 2**63, 0, 1, 2**64 - 2):
                if kind == "push":
                    unique.append(result_frame(sequence=sequence, sender=sender)[0])
                else:
                    unique.append(wire.encode_status_request(sequence, sender=sender, sequence=sequence))
        while len(out) < count:
            out += unique
    elif cls == "unknown":
        base = bases[0]
        while len(out) < count:
            for mtype in [0] + list(range(6, 256)):
                out.append(base[:3] + bytes([mtype]) + base[4:])
            out.append(b"RV" + bytes([wire.VERSION + 1]) + base[3:])
            out.append(b"XX" + base[2:])
    elif cls == "oversized":
        base = bases[0]
        padding = os.urandom(70_000)
        while len(out) < count:
            # Mostly just over the limit, every tenth far over it.
            top = 70_000 if len(out) % 10 == 0 else 8_192
            out.append(base + padding[: rng.randint(MAX_FRAME - len(base) + 1, top)])
    else:
        raise SystemExit("unknown class " + cls)
    return [defuse(frame, kind) for frame in out[:count]]


def send(endpoint, kind, count, *classes):
    ctx = zmq.Context()
    sock = ctx.socket(zmq.PAIR if kind == "pair" else zmq.PUSH)
    sock.setsockopt(zmq.LINGER, 2000)
    sock.setsockopt(zmq.SNDHWM, 100_000)
    sock.setsockopt(zmq.SNDTIMEO, 5000)
    sock.connect(endpoint)
    report = {}
    for cls in classes or CLASSES:
        sent = 0
        for frame in frames(kind, cls, int(count)):
            try:
                sock.send(frame)
                sent += 1
            except zmq.Again:
                break
        report[cls] = sent
    sock.close()
    ctx.term()
    print(json.dumps(report), flush=True)


def status(endpoint):
    ctx = zmq.Context()
    for _ in range(10):
        peer = ctx.socket(zmq.PAIR)
        peer.setsockopt(zmq.LINGER, 0)
        peer.connect(endpoint)
        peer.send(wire.encode_status_request(77, sender="hostile-check"))
        reply = wire.decode(peer.recv()) if peer.poll(500) else None
        peer.close()
        if reply is not None and reply.get("type") == "status":
            print(json.dumps(reply, default=str), flush=True)
            return
    print(json.dumps({"error": "no status reply"}), flush=True)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "send":
        send(*args)
    elif command == "status":
        status(*args)
    else:
        raise SystemExit(__doc__)
