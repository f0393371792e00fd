"""A real pyzmq peer of the robot-vision bus, for the integration tests.

    bus_peer.py hold ENDPOINT SECONDS        connect a PAIR to a control endpoint and sit on it (then gets SIGSTOPped)
    bus_peer.py flood ENDPOINT pair|push N   send N malformed frames, plus raw non-ZeroMQ TCP garbage
    bus_peer.py query ENDPOINT               status request then stop, decoded with robot_vision_wire; prints JSON
    bus_peer.py pull ENDPOINT COUNT SECONDS  bind a PULL, print COUNT decoded results as JSON lines
    bus_peer.py decode                       decode hex frames from stdin (one a line); print JSON or {"error": ...}
"""
import json
import os
import random
import socket
import sys
import time

import zmq

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "python"))
import robot_vision_wire as wire  # noqa: E402


def hold(endpoint, seconds):
    ctx = zmq.Context()
    peer = ctx.socket(zmq.PAIR)
    monitor = peer.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED)
    peer.connect(endpoint)
    if monitor.poll(5000):
        print("connected", flush=True)
    time.sleep(float(seconds))


def flood(endpoint, kind, count):
    ctx = zmq.Context()
    sock = ctx.socket(zmq.PAIR if kind == "pair" else zmq.PUSH)
    sock.setsockopt(zmq.LINGER, 5000)
    sock.setsockopt(zmq.SNDHWM, 0)
    sock.connect(endpoint)
    good = wire.encode_status_request(1)
    shapes = [b"", b"RV", b"garbage" * 3, bytes([0x52, 0x56, 9, 1]) + bytes(20), good[:25],
              bytes([0x52, 0x56, wire.VERSION, 200]) + bytes(30), os.urandom(64), good[:5] + b"\xff" * 40]
    for i in range(int(count)):
        sock.send(shapes[i % len(shapes)])
    sock.close()  # linger: all frames are delivered before the context ends
    ctx.term()
    # Non-ZeroMQ clients: raw bytes on the TCP port.
    host, port = endpoint.replace("tcp://", "").rsplit(":", 1)
    for _ in range(20):
        with socket.create_connection((host, int(port)), timeout=2) as raw:
            raw.sendall(os.urandom(random.randint(1, 300)))
    print("sent", count, flush=True)


def request(ctx, endpoint, frame, attempts=6):
    """One request as docs/stop-channel.md prescribes: a fresh PAIR per attempt, the same id, a bounded wait."""
    for _ in range(attempts):
        peer = ctx.socket(zmq.PAIR)
        peer.setsockopt(zmq.LINGER, 0)
        peer.connect(endpoint)
        peer.send(frame)
        reply = wire.decode(peer.recv()) if peer.poll(500) else None
        peer.close()
        if reply is not None:
            return reply
    return None


def query(endpoint):
    ctx = zmq.Context()
    out = {"status": request(ctx, endpoint, wire.encode_status_request(41)),
           "stop": request(ctx, endpoint, wire.encode_stop(42))}
    print(json.dumps(out), flush=True)


def pull(endpoint, count, seconds):
    ctx = zmq.Context()
    sink = ctx.socket(zmq.PULL)
    sink.setsockopt(zmq.LINGER, 0)
    sink.bind(endpoint)
    print("bound", flush=True)
    deadline = time.time() + float(seconds)
    got = 0
    while got < int(count) and time.time() < deadline:
        if sink.poll(100):
            print(json.dumps(wire.decode(sink.recv())), flush=True)
            got += 1


def decode():
    for line in sys.stdin:
        try:
            print(json.dumps(wire.decode(bytes.fromhex(line.strip()))), flush=True)
        except wire.WireError as error:
            print(json.dumps({"error": str(error)}), flush=True)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"hold": hold, "flood": flood, "query": query, "pull": pull, "decode": decode}[command](*args)
