import Foundation

/// Reads a WPILib DataLog (`.wpilog`) written by ``DataLogWriter`` or WPILib: its extra header, entries and records.
///
/// A log cut short (a process killed while writing) reads up to its last complete record.
public struct DataLogReader: Sendable {
    /// An entry as its start record declared it.
    public struct Entry: Hashable, Sendable {
        public var name: String
        public var type: String
        public var metadata: String
    }

    /// One data record.
    public struct Record: Hashable, Sendable {
        /// The entry's name.
        public var name: String
        /// Microseconds.
        public var timestamp: UInt64
        public var payload: [UInt8]

        /// The payload as an `int64`, `nil` when it is not 8 bytes.
        public var int64: Int64? {
            self.payload.count == 8 ? Int64(bitPattern: Self.littleEndian(self.payload[...])) : nil
        }

        /// The payload as a `double`, `nil` when it is not 8 bytes.
        public var double: Double? {
            self.payload.count == 8 ? Double(bitPattern: Self.littleEndian(self.payload[...])) : nil
        }

        /// The payload as a UTF-8 `string`.
        public var string: String { String(decoding: self.payload, as: UTF8.self) }

        /// The payload as a `double[]`.
        public var doubles: [Double] {
            stride(from: 0, to: self.payload.count - 7, by: 8).map {
                Double(bitPattern: Self.littleEndian(self.payload[$0..<$0 + 8]))
            }
        }

        static func littleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
            bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
    }

    /// The header's text after the version.
    public let extraHeader: String
    /// Every entry started, by name.
    public let entries: [String: Entry]
    /// Data records in file order (control records left out).
    public let records: [Record]

    /// Reads the log at `path`.
    /// - Throws: ``RecordingError`` when the file cannot be read or is not a DataLog of version 1.0.
    public init(path: String) throws(RecordingError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, reason: "\(error.localizedDescription)")
        }
        try self.init(bytes: [UInt8](data), path: path)
    }

    /// Reads a log held in memory; `path` names it in errors.
    public init(bytes: [UInt8], path: String = "the log") throws(RecordingError) {
        guard bytes.count >= 12, bytes.prefix(6).elementsEqual("WPILOG".utf8) else {
            throw .malformed(path: path, reason: "no WPILOG header")
        }
        let version = Record.littleEndian(bytes[6..<8])
        guard version == 0x0100 else { throw .malformed(path: path, reason: "version \(version), expected 0x0100") }
        let extraLength = Int(Record.littleEndian(bytes[8..<12]))
        guard extraLength <= bytes.count - 12 else { throw .malformed(path: path, reason: "the extra header is cut") }
        self.extraHeader = String(decoding: bytes[12..<12 + extraLength], as: UTF8.self)
        var offset = 12 + extraLength
        var started: [UInt32: Entry] = [:]
        var records: [Record] = []
        while offset < bytes.count {
            let lengths = Int(bytes[offset])
            let entryLength = (lengths & 3) + 1
            let sizeLength = (lengths >> 2 & 3) + 1
            let timestampLength = (lengths >> 4 & 7) + 1
            let headerEnd = offset + 1 + entryLength + sizeLength + timestampLength
            guard headerEnd <= bytes.count else { break }
            var cursor = offset + 1
            let entry = UInt32(Record.littleEndian(bytes[cursor..<cursor + entryLength]))
            cursor += entryLength
            let size = Int(Record.littleEndian(bytes[cursor..<cursor + sizeLength]))
            cursor += sizeLength
            let timestamp = Record.littleEndian(bytes[cursor..<cursor + timestampLength])
            guard size <= bytes.count - headerEnd else { break }
            let payload = bytes[headerEnd..<headerEnd + size]
            offset = headerEnd + size
            if entry == 0 {
                Self.control(payload, started: &started)
            } else if let declared = started[entry] {
                records.append(Record(name: declared.name, timestamp: timestamp, payload: Array(payload)))
            }
        }
        self.entries = Dictionary(started.values.map { ($0.name, $0) }) { first, _ in first }
        self.records = records
    }

    /// The records of the entry `name`, in file order.
    public func records(of name: String) -> [Record] {
        self.records.filter { $0.name == name }
    }

    /// Applies a start record to `started` (finish and set-metadata records change nothing a reader here needs).
    private static func control(_ payload: ArraySlice<UInt8>, started: inout [UInt32: Entry]) {
        guard payload.first == 0, payload.count >= 17 else { return }
        var cursor = payload.startIndex + 1
        let entry = UInt32(Record.littleEndian(payload[cursor..<cursor + 4]))
        cursor += 4
        var texts: [String] = []
        for _ in 0..<3 {
            guard payload.endIndex - cursor >= 4 else { return }
            let length = Int(Record.littleEndian(payload[cursor..<cursor + 4]))
            cursor += 4
            guard length <= payload.endIndex - cursor else { return }
            texts.append(String(decoding: payload[cursor..<cursor + length], as: UTF8.self))
            cursor += length
        }
        started[entry] = Entry(name: texts[0], type: texts[1], metadata: texts[2])
    }
}
