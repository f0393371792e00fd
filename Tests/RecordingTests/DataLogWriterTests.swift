import Foundation
import Recording
import TestSupport
import Testing

/// The `.wpilog` writer, read back by this package's reader and by WPILib's own (robotpy-wpiutil).
@Suite struct DataLogWriterTests {
    /// Writes one entry of each type, with a timestamp needing 5 bytes and a payload over 255 bytes.
    static func writeSample(_ path: String) throws -> DataLogWriter {
        let log = try DataLogWriter(path: path, extraHeader: "sample")
        let count = log.start(name: "/t/count", type: "int64", timestamp: 1)
        let speed = log.start(name: "/t/speed", type: "double", metadata: #"{"unit":"m/s"}"#, timestamp: 1)
        let note = log.start(name: "/t/note", type: "string", timestamp: 1)
        let values = log.start(name: "/t/values", type: "double[]", timestamp: 1)
        let ids = log.start(name: "/t/ids", type: "int64[]", timestamp: 1)
        log.append(count, int64: -5, timestamp: 2)
        log.append(count, int64: 1 << 40, timestamp: 5_000_000_000)
        log.append(speed, double: 2.5, timestamp: 3)
        log.append(note, string: String(repeating: "é", count: 200), timestamp: 4)
        log.append(values, doubles: [1, -2.25, .pi], timestamp: 6)
        log.append(ids, int64s: [1, 2, 3], timestamp: 7)
        log.finish(note, timestamp: 8)
        return log
    }

    @Test func recordsReadBackWithTheirTypesAndValues() throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sample.wpilog").path
        try Self.writeSample(path).close()

        let log = try DataLogReader(path: path)
        #expect(log.extraHeader == "sample")
        #expect(log.entries["/t/speed"]?.type == "double")
        #expect(log.entries["/t/speed"]?.metadata == #"{"unit":"m/s"}"#)
        #expect(log.records(of: "/t/count").map(\.int64) == [-5, 1 << 40])
        #expect(log.records(of: "/t/count").map(\.timestamp) == [2, 5_000_000_000])
        #expect(log.records(of: "/t/speed").first?.double == 2.5)
        #expect(log.records(of: "/t/note").first?.string == String(repeating: "é", count: 200))
        #expect(log.records(of: "/t/values").first?.doubles == [1, -2.25, .pi])
        #expect(log.records(of: "/t/ids").first?.payload.count == 24)
    }

    @Test func unflushedRecordsAreNotInTheFileAndACutLogReadsToItsLastCompleteRecord() throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cut.wpilog").path
        let log = try DataLogWriter(path: path)
        let entry = log.start(name: "/n", type: "int64", timestamp: 0)
        for value in 0..<10 { log.append(entry, int64: Int64(value), timestamp: UInt64(value)) }
        try log.flush()
        log.append(entry, int64: 99, timestamp: 99)
        #expect(try DataLogReader(path: path).records(of: "/n").count == 10, "not flushed yet")

        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.removeLast(3)  // a kill in the middle of the last record
        let cut = try DataLogReader(bytes: bytes)
        #expect(cut.records(of: "/n").map(\.int64) == (0..<9).map { Int64($0) })
    }

    @Test func aFileThatIsNotADataLogIsRefused() throws {
        #expect(throws: RecordingError.self) { try DataLogReader(bytes: Array("NOTALOG-at-all".utf8)) }
    }

    @Test func wpilibsReaderReadsEveryRecordWithItsType() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sample.wpilog").path
        try Self.writeSample(path).close()
        guard let summary = try await RecordingFixtures.wpilibSummary(path, for: "the WPILib DataLogReader check")
        else { return }
        #expect(summary["extra_header"] as? String == "sample")
        let entries = try #require(summary["entries"] as? [String: [String: Any]])
        let counts = entries.mapValues { $0["count"] as? Int ?? -1 }
        #expect(counts == ["/t/count": 2, "/t/speed": 1, "/t/note": 1, "/t/values": 1, "/t/ids": 1])
        #expect(entries["/t/values"]?["type"] as? String == "double[]")
    }
}
