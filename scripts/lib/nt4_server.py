"""A pyntcore NT4 server on 127.0.0.1 for the peers (nt4-peer.py, photon-peer.py): started on free ports, waited
for until it accepts connections, stopped with its persistence file removed."""
import os
import socket
import time


def free_port() -> int:
    """A TCP port of 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(inst, name: str, port4: int = 0, port3: int = 0, persist: str | None = None):
    """Starts ntcore instance `inst` as an NT4 server on 127.0.0.1 (free ports where 0; persistence in `persist`, by
    default /tmp/NAME-PID.json) and returns (port4, port3, persist) once the NT4 port accepts connections (at most
    10 s)."""
    port4 = port4 or free_port()
    port3 = port3 or free_port()
    persist = persist or os.path.join("/tmp", f"{name}-{os.getpid()}.json")
    inst.startServer(persist, "127.0.0.1", port3, port4)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port4), timeout=0.2):
                break
        except OSError:
            time.sleep(0.02)
    return port4, port3, persist


def stop_server(inst, persist: str) -> None:
    """Stops the server `start_server` started and removes its persistence file."""
    inst.stopServer()
    try:
        os.remove(persist)
    except OSError:
        pass
