"""Reads a .wpilog with WPILib's own reader (robotpy-wpiutil) and prints one JSON object: every entry's type and
record count, each value decoded with the getter of its type (a failure is an error), the int64 series the
tests compare (frameNumber, videoFrameIndex) and the timeSource strings."""
import json
import struct
import sys

from wpiutil.log import DataLogReader

reader = DataLogReader(sys.argv[1])
if not reader.isValid():
    sys.exit(f"{sys.argv[1]}: not a valid DataLog")
entries = {}
by_id = {}
series = {}
time_sources = []
getters = {
    "int64": lambda r: r.getInteger(),
    "double": lambda r: r.getDouble(),
    "string": lambda r: r.getString(),
    "structschema": lambda r: bytes(r.getRaw()).decode(),
    "double[]": lambda r: list(r.getDoubleArray()),
    "int64[]": lambda r: list(r.getIntegerArray()),
    "raw": lambda r: len(r.getRaw()),
    "struct:Pose3d": lambda r: struct.unpack("<7d", bytes(r.getRaw())),
}
for record in reader:
    if record.isStart():
        start = record.getStartData()
        by_id[start.entry] = start.name
        entries[start.name] = {"type": start.type, "count": 0}
    elif record.isControl():
        continue
    else:
        name = by_id[record.getEntry()]
        value = getters[entries[name]["type"]](record)
        entries[name]["count"] += 1
        if name.endswith("/frameNumber") or name.endswith("/videoFrameIndex"):
            series.setdefault(name.rsplit("/", 1)[1], []).append(value)
        if name.endswith("/timeSource"):
            time_sources.append(value)
print(json.dumps({"extra_header": reader.getExtraHeader(), "entries": entries, "series": series,
                  "time_sources": time_sources}))
