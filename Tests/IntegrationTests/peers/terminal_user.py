#!/usr/bin/env python3
"""A user at a terminal: runs a command in a pseudo-terminal (40 rows x 160 columns), waits until the
terminal shows a text, presses a key, and waits for the command to end.

Prints one JSON object: {"exit": code or null, "seen": bool, "exited_after_key_s": seconds or null,
"output": everything the terminal received}. Every wait is bounded; the command is killed at the end if it is
still running.

Usage: terminal_user.py --wait-for TEXT --key q [--timeout 30] -- COMMAND [ARG...]
"""
import argparse
import fcntl
import json
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wait-for", required=True)
    parser.add_argument("--key", required=True, help="q, or esc")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    key = b"\x1b" if args.key == "esc" else args.key.encode()

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)

    output = bytearray()
    deadline = time.monotonic() + args.timeout
    seen = False
    pressed_at = None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the command and everything it started closed the terminal
                chunk = b""
            if not chunk and child.poll() is not None:
                break
            output += chunk
        if not seen and args.wait_for.encode() in output:
            seen = True
            os.write(master, key)
            pressed_at = time.monotonic()
        if child.poll() is not None and not ready:
            break
    exit_code = child.poll()
    exited_after = time.monotonic() - pressed_at if pressed_at is not None and exit_code is not None else None
    if exit_code is None:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    print(json.dumps({
        "exit": exit_code,
        "seen": seen,
        "exited_after_key_s": exited_after,
        "output": output.decode("utf-8", "replace"),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
