"""A pyzmq peer with and without CURVE keys, for the security integration tests.

    curve_peer.py probe pair|push ENDPOINT SERVER_PUB|- CLIENT_KEY|- SECONDS [stop]
        connect with CURVE (SERVER_PUB: the service's NAME.pub, CLIENT_KEY: our NAME.key) or plain (-), then
        pair: send a status request (and a stop), wait for a reply; push: send 1000 frames (junk if they get through).
        Prints one JSON line: {"events": [handshake events seen], "reply": decoded reply or null}.
    curve_peer.py junk ENDPOINT SECONDS
        a plain PAIR that sends a junk frame every 0.5 s (libzmq reconnects it when dropped); prints "connected".
"""
import json
import os
import sys
import time

import zmq
import zmq.utils.monitor

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "python"))
import robot_vision_wire as wire  # noqa: E402

EVENTS = {
    zmq.EVENT_HANDSHAKE_SUCCEEDED: "HANDSHAKE_SUCCEEDED",
    zmq.EVENT_HANDSHAKE_FAILED_AUTH: "HANDSHAKE_FAILED_AUTH",
    zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL: "HANDSHAKE_FAILED_PROTOCOL",
    zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL: "HANDSHAKE_FAILED_NO_DETAIL",
}


def key(path, field):
    """The `field = "..."` value of a czmq certificate (control keygen's format)."""
    with open(path) as f:
        for line in f:
            name, _, value = line.partition("=")
            if name.strip() == field:
                return value.strip().strip('"').encode()
    raise SystemExit(f"{path}: no {field}")


def probe(kind, endpoint, server_pub, client_key, seconds, stop=None):
    ctx = zmq.Context()
    sock = ctx.socket(zmq.PAIR if kind == "pair" else zmq.PUSH)
    sock.setsockopt(zmq.LINGER, 0)
    if server_pub != "-":
        sock.curve_serverkey = key(server_pub, "public-key")
        sock.curve_publickey = key(client_key, "public-key")
        sock.curve_secretkey = key(client_key, "secret-key")
    monitor = sock.get_monitor_socket(sum(EVENTS))
    sock.connect(endpoint)
    reply = None
    if kind == "pair":
        sock.send(wire.encode_status_request(7), zmq.DONTWAIT)
        if stop == "stop":
            sock.send(wire.encode_stop(8), zmq.DONTWAIT)
    else:
        for i in range(1000):
            try:
                sock.send(b"junk %d" % i, zmq.DONTWAIT)
            except zmq.Again:
                break
    events = []
    deadline = time.monotonic() + float(seconds)
    poller = zmq.Poller()
    poller.register(monitor, zmq.POLLIN)
    if kind == "pair":
        poller.register(sock, zmq.POLLIN)
    while time.monotonic() < deadline:
        ready = dict(poller.poll(50))
        if monitor in ready:
            event = zmq.utils.monitor.recv_monitor_message(monitor)
            events.append(EVENTS.get(event["event"], str(event["event"])))
        if sock in ready:
            reply = wire.decode(sock.recv())
            break
    print(json.dumps({"events": sorted(set(events)), "reply": reply}), flush=True)


def junk(endpoint, seconds):
    ctx = zmq.Context()
    sock = ctx.socket(zmq.PAIR)
    sock.setsockopt(zmq.LINGER, 0)
    monitor = sock.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED)
    sock.connect(endpoint)
    if monitor.poll(5000):
        print("connected", flush=True)
    deadline = time.monotonic() + float(seconds)
    while time.monotonic() < deadline:
        try:
            sock.send(b"\x00junk" * 4, zmq.DONTWAIT)
        except zmq.Again:
            pass
        time.sleep(0.5)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "probe":
        probe(*args)
    elif command == "junk":
        junk(*args)
    else:
        raise SystemExit(__doc__)
