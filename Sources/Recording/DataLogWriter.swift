/// Writes a WPILib DataLog (`.wpilog`, format version 1.0, WPILib's `datalog.adoc`), the log AdvantageScope opens.
///
/// The file starts with `WPILOG`, the version `0x0100` and an extra header string. Every record has a one-byte
/// header giving the byte lengths of the entry id (1-4), the payload size (1-4) and the timestamp (1-8, microseconds),
/// then those little-endian integers and the payload. Entry 0 carries the control records: start (an entry's id,
/// name, type and metadata), finish and set-metadata.
///
/// Records are collected in memory and reach the file on ``flush()``; a process killed between flushes loses only
/// the records since the last one (every flushed record stays readable). Not thread-safe: one writer thread owns it.
public final class DataLogWriter {
    private let file: OutputFile
    private var buffer: [UInt8] = []
    private var nextEntry: UInt32 = 1

    /// Creates the log at `path` (replacing a file there) with `extraHeader` after the version.
    /// - Throws: ``RecordingError`` when the file cannot be created.
    public init(path: String, extraHeader: String = "") throws(RecordingError) {
        self.file = try OutputFile(path: path)
        self.buffer.reserveCapacity(1 << 16)
        self.buffer.append(contentsOf: Array("WPILOG".utf8))
        self.appendLittleEndian(UInt64(0x0100), byteCount: 2)
        let extra = Array(extraHeader.utf8)
        self.appendLittleEndian(UInt64(extra.count), byteCount: 4)
        self.buffer.append(contentsOf: extra)
    }

    /// The file's path.
    public var path: String { self.file.path }
    /// Bytes in the file plus those waiting for ``flush()``.
    public var size: Int { self.file.size + self.buffer.count }

    /// Starts an entry (a control record) and returns its id for ``append(_:payload:timestamp:)``.
    /// - Parameters:
    ///   - name: the entry's name, such as `/vision/main/latencyMs`.
    ///   - type: its data type: `int64`, `double`, `string`, `double[]`, `int64[]`, `raw`, `structschema`,
    ///     `struct:Pose3d`, ...
    ///   - metadata: free text (JSON by convention).
    ///   - timestamp: microseconds.
    public func start(name: String, type: String, metadata: String = "", timestamp: UInt64) -> UInt32 {
        let entry = self.nextEntry
        self.nextEntry += 1
        var payload: [UInt8] = [0]
        Self.appendLittleEndian(UInt64(entry), byteCount: 4, to: &payload)
        for text in [name, type, metadata] {
            let bytes = Array(text.utf8)
            Self.appendLittleEndian(UInt64(bytes.count), byteCount: 4, to: &payload)
            payload.append(contentsOf: bytes)
        }
        self.appendRecord(entry: 0, payload: payload, timestamp: timestamp)
        return entry
    }

    /// Finishes an entry (a control record): readers expect no more of its records.
    public func finish(_ entry: UInt32, timestamp: UInt64) {
        var payload: [UInt8] = [1]
        Self.appendLittleEndian(UInt64(entry), byteCount: 4, to: &payload)
        self.appendRecord(entry: 0, payload: payload, timestamp: timestamp)
    }

    /// Appends one value of `entry` (its bytes in the entry's type).
    public func append(_ entry: UInt32, payload: some Collection<UInt8>, timestamp: UInt64) {
        self.appendRecord(entry: entry, payload: payload, timestamp: timestamp)
    }

    /// Appends an `int64` value.
    public func append(_ entry: UInt32, int64 value: Int64, timestamp: UInt64) {
        self.appendRecord(entry: entry, payload: Self.littleEndianBytes(UInt64(bitPattern: value)), timestamp: timestamp)
    }

    /// Appends a `double` value.
    public func append(_ entry: UInt32, double value: Double, timestamp: UInt64) {
        self.appendRecord(entry: entry, payload: Self.littleEndianBytes(value.bitPattern), timestamp: timestamp)
    }

    /// Appends a `string` value (UTF-8).
    public func append(_ entry: UInt32, string value: String, timestamp: UInt64) {
        self.appendRecord(entry: entry, payload: Array(value.utf8), timestamp: timestamp)
    }

    /// Appends a `double[]` value.
    public func append(_ entry: UInt32, doubles values: [Double], timestamp: UInt64) {
        self.appendRecord(
            entry: entry, payload: values.flatMap { Self.littleEndianBytes($0.bitPattern) }, timestamp: timestamp
        )
    }

    /// Appends an `int64[]` value.
    public func append(_ entry: UInt32, int64s values: [Int64], timestamp: UInt64) {
        self.appendRecord(
            entry: entry, payload: values.flatMap { Self.littleEndianBytes(UInt64(bitPattern: $0)) }, timestamp: timestamp
        )
    }

    /// Hands the buffered records to the file.
    /// - Throws: ``RecordingError`` (a full disk as ``RecordingError/diskFull(path:)``); the log then ends at the
    ///   last complete flush and must not be written again.
    public func flush() throws(RecordingError) {
        guard !self.buffer.isEmpty else { return }
        defer { self.buffer.removeAll(keepingCapacity: true) }
        try self.file.write(self.buffer)
    }

    /// Flushes and closes the file.
    public func close() throws(RecordingError) {
        try self.flush()
        try self.file.close()
    }

    private func appendRecord(entry: UInt32, payload: some Collection<UInt8>, timestamp: UInt64) {
        let entryLength = Self.byteLength(UInt64(entry), maximum: 4)
        let sizeLength = Self.byteLength(UInt64(payload.count), maximum: 4)
        let timestampLength = Self.byteLength(timestamp, maximum: 8)
        self.buffer.append(UInt8((entryLength - 1) | (sizeLength - 1) << 2 | (timestampLength - 1) << 4))
        self.appendLittleEndian(UInt64(entry), byteCount: entryLength)
        self.appendLittleEndian(UInt64(payload.count), byteCount: sizeLength)
        self.appendLittleEndian(timestamp, byteCount: timestampLength)
        self.buffer.append(contentsOf: payload)
    }

    private func appendLittleEndian(_ value: UInt64, byteCount: Int) {
        Self.appendLittleEndian(value, byteCount: byteCount, to: &self.buffer)
    }

    private static func appendLittleEndian(_ value: UInt64, byteCount: Int, to bytes: inout [UInt8]) {
        for index in 0..<byteCount { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }

    private static func littleEndianBytes(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// The fewest bytes (at least 1, at most `maximum`) that hold `value`.
    private static func byteLength(_ value: UInt64, maximum: Int) -> Int {
        var length = 1
        while length < maximum, value >> (8 * length) != 0 { length += 1 }
        return length
    }
}
