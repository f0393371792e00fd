"""A WPILib NetworkTables 4 server (pyntcore) standing in for the robot: publishes /FMSInfo/FMSControlData as
robot code's DriverStation does (bit 0: enabled), disabled at first. Reads `enable` / `disable` lines on standard
input; prints `READY <port>` once listening and `OK <value>` after each change. Stops when standard input closes.
Listens on 127.0.0.1 only. Exit status 3 means pyntcore is not installed."""
import os
import sys

try:
    import ntcore
except ImportError as error:
    print(f"pyntcore unavailable: {error}", file=sys.stderr, flush=True)
    sys.exit(3)

port = int(sys.argv[1])
inst = ntcore.NetworkTableInstance.create()
persist = os.path.join("/tmp", f"fms-server-{os.getpid()}.json")  # not the working directory
inst.startServer(persist, "127.0.0.1", 0, port)
control = inst.getTable("FMSInfo").getIntegerTopic("FMSControlData").publish()
control.set(0)
print(f"READY {port}", flush=True)
for line in sys.stdin:
    value = {"enable": 0b110001, "disable": 0b110000}.get(line.strip())
    if value is None:
        continue
    control.set(value)
    inst.flush()
    print(f"OK {value}", flush=True)
inst.stopServer()
if os.path.exists(persist):
    os.remove(persist)
