// Reads a .wpilog the way AdvantageScope does and prints one JSON object, for the recording tests.
//
// WPILOGDecoder.ts, WPILOGShared.ts and StructDecoder.ts are AdvantageScope's own decoders, unmodified (LICENSE beside
// them; source: Mechanical-Advantage/AdvantageScope at commit 39b82397, src/hub/dataSources/wpilog/ and
// src/shared/log/). This file stands in for AdvantageScope's wpilogWorker.ts, whose record index is a WebAssembly
// build not in its source tree: it walks the records with WPILOGDecoder.forEach and makes the worker's decisions:
// - a start record creates a field of the type the worker maps it to; a finish record less than 1 s after its start
//   drops the field ("short-lived", the worker's rule);
// - each data record is read with the getter the worker uses for that type; schema entries
//   (`/.schema/struct:NAME`) are given to StructDecoder, as Log.putRaw does; `struct:NAME` values are decoded with it.
// Any getter or struct decode that throws is reported in `errors`.
//
// Build and run (esbuild strips the types): esbuild read_wpilog.ts --bundle --platform=node --outfile=X.js; node X.js FILE
import { readFileSync } from "fs";
import StructDecoder from "./StructDecoder";
import { WPILOGDecoder, WPILOGDecoderRecord } from "./WPILOGDecoder";

const STRUCT_PREFIX = "struct:";

type Field = { type: string; kind: string; count: number; start: number };

function kindOf(type: string): string {
  switch (type) {
    case "boolean":
      return "Boolean";
    case "int":
    case "int64":
    case "float":
    case "double":
      return "Number";
    case "string":
    case "json":
      return "String";
    case "boolean[]":
      return "BooleanArray";
    case "int[]":
    case "int64[]":
    case "float[]":
    case "double[]":
      return "NumberArray";
    case "string[]":
      return "StringArray";
    default:
      return "Raw";
  }
}

function read(record: WPILOGDecoderRecord, type: string): unknown {
  switch (type) {
    case "boolean":
      return record.getBoolean();
    case "int":
    case "int64":
      return record.getInteger();
    case "float":
      return record.getFloat();
    case "double":
      return record.getDouble();
    case "string":
    case "json":
      return record.getString();
    case "boolean[]":
      return record.getBooleanArray();
    case "int[]":
    case "int64[]":
      return record.getIntegerArray();
    case "float[]":
      return record.getFloatArray();
    case "double[]":
      return record.getDoubleArray();
    case "string[]":
      return record.getStringArray();
    default:
      return record.getRaw();
  }
}

const path = process.argv[2];
const decoder = new WPILOGDecoder(new Uint8Array(readFileSync(path)));
if (!decoder.isValid()) {
  console.log(JSON.stringify({ valid: false }));
  process.exit(1);
}
const structs = new StructDecoder();
const names: { [entry: number]: string } = {};
const fields: { [name: string]: Field } = {};
const shortLived: string[] = [];
const errors: string[] = [];
const structValues: { [name: string]: unknown[] } = {};
let maxTimestamp = 0;

decoder.forEach((record) => {
  maxTimestamp = Math.max(maxTimestamp, record.getTimestamp());
  if (record.isControl()) {
    if (record.isStart()) {
      const start = record.getStartData();
      names[start.entry] = start.name;
      fields[start.name] = { type: start.type, kind: kindOf(start.type), count: 0, start: record.getTimestamp() };
    } else if (record.isFinish()) {
      const entry = record.getFinishEntry();
      const name = names[entry];
      if (name !== undefined && record.getTimestamp() - fields[name].start < 1e6) {
        shortLived.push(name);
        delete fields[name];
        delete names[entry];
      }
    }
    return;
  }
  const name = names[record.getEntry()];
  if (name === undefined) {
    errors.push(`data record for entry ${record.getEntry()} without a start record`);
    return;
  }
  const field = fields[name];
  try {
    const value = read(record, field.type);
    field.count += 1;
    if (name.includes("/.schema/" + STRUCT_PREFIX)) {
      structs.addSchema(name.split(STRUCT_PREFIX)[1], value as Uint8Array);
    } else if (field.type.startsWith(STRUCT_PREFIX)) {
      const schema = field.type.split(STRUCT_PREFIX)[1];
      const decoded = schema.endsWith("[]")
        ? structs.decodeArray(schema.slice(0, -2), value as Uint8Array)
        : structs.decode(schema, value as Uint8Array);
      (structValues[name] ??= []).push(decoded.data);
    }
  } catch (error) {
    errors.push(`${name} (${field.type}): ${error}`);
  }
});

const summary: { [name: string]: { type: string; kind: string; count: number } } = {};
for (const [name, field] of Object.entries(fields)) {
  summary[name] = { type: field.type, kind: field.kind, count: field.count };
}
console.log(
  JSON.stringify({
    valid: true,
    version: decoder.getVersion(),
    entries: summary,
    shortLived,
    errors,
    structValues,
    lastTimestampSeconds: maxTimestamp / 1e6
  })
);
