import Logging
import TestSupport
import Testing
import WireFormat

@testable import Bus

/// The receiver's per-sender sequence table stays bounded and sender names reach logs escaped (issue 14).
/// Serialized: each test blocks its thread in a receive, and two cores' worth of blocked test threads would starve
/// the async control tests running beside them.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct SenderTrackingTests {
    @Test func theTableKeepsTheMostRecentlySeenSendersWithinItsBound() {
        var table = SenderSequenceTable(capacity: 64)
        table.record(7, for: "camstreamer")
        var largest = 0
        for index in 0..<10_000 {
            table.record(UInt64(index), for: "sender-\(index)")
            // The service seen every tenth message is recent enough never to be evicted.
            if index % 10 == 0 { table.record(UInt64(index), for: "camstreamer") }
            largest = max(largest, table.count)
        }
        #expect(largest == 64 && table.count == 64)
        #expect(table.sequence(of: "camstreamer") == 9_990)
        #expect(table.sequence(of: "sender-9999") == 9_999)
        #expect(table.sequence(of: "sender-0") == nil, "the least recently seen were evicted")
    }

    /// Sends raw frames from a PUSH socket, each from its own sender name.
    static func sendFrames(to endpoint: String, senders: some Sequence<String>) throws -> ZMQSocket {
        let socket = try ZMQSocket(.push)
        try socket.setSendHighWaterMark(100_000)
        try socket.connect(endpoint)
        let payload = BusMessage.Payload.targetingResult(TargetingResult(captureTime: 1, pipeline: .apriltag))
        // Encoded into one raw buffer: the array form pads a whole maxFrameSize per frame, slow in a debug build.
        let frame = UnsafeMutableRawBufferPointer.allocate(byteCount: WireFormat.maxFrameSize, alignment: 8)
        defer { frame.deallocate() }
        for (sequence, sender) in senders.enumerated() {
            let length = WireFormat.encode(payload, sequence: UInt64(sequence), sender: sender, into: frame)
            try socket.send(UnsafeRawBufferPointer(rebasing: frame[0..<length]), wait: true)
        }
        return socket
    }

    @Test func tenThousandSendersKeepTheReceiversTableAtItsBound() throws {
        let receiver = try MessageReceiver(
            endpoints: Endpoints(bind: ["tcp://127.0.0.1:*"]), mode: .queue(depth: 20_000), logger: Logger(label: "test"))
        let socket = try Self.sendFrames(to: receiver.boundEndpoint, senders: (0..<10_000).map { "sender-\($0)" })
        defer { socket.close() }
        var received = 0
        var largest = 0
        while received < 10_000, try receiver.receive(timeoutMilliseconds: 5000, { try $0.decode() }) != nil {
            received += 1
            largest = max(largest, receiver.senders.count)
        }
        #expect(received == 10_000)
        #expect(largest == MessageReceiver.maxSenders)
        #expect(receiver.counters.gaps == 0, "a new sender is no gap")
    }

    @Test func senderNamesAreEscapedInLogs() throws {
        let (logger, logs) = CapturingLogHandler.logger()
        let receiver = try MessageReceiver(
            endpoints: Endpoints(bind: ["tcp://127.0.0.1:*"]), mode: .queue(depth: 10), logger: logger)
        let hostile = "evil\"\n\u{1B}[31mERROR forged line"
        let socket = try Self.sendFrames(to: receiver.boundEndpoint, senders: [hostile])
        defer { socket.close() }
        let message = try #require(try receiver.receive(timeoutMilliseconds: 5000, { try $0.decode() }))
        #expect(message.header.sender == hostile, "the name itself is delivered as sent")
        #expect(logs.contains(level: .info, #""evil\"\n\u{1B}[31mERROR forged line""#), "\(logs.all)")
        #expect(!logs.all.contains { $0.contains("\n") || $0.contains("\u{1B}") })
    }

    @Test func logSafeNamesAreQuotedEscapedAndCut() {
        #expect(LogSafeName("targeting").description == #""targeting""#)
        #expect(LogSafeName("a\tb\\c\u{7F}é\u{202E}").description == #""a\tb\\c\u{7F}\u{E9}\u{202E}""#)
        let long = LogSafeName(String(repeating: "\u{1B}", count: 100)).description
        #expect(long.count <= LogSafeName.maxLength + 3, "two quotes and an ellipsis around the kept characters")
        #expect(long.hasSuffix("…\""))
    }

    @Test func aResultWithANonFiniteFloatIsCountedAndLoggedOnce() throws {
        let (logger, logs) = CapturingLogHandler.logger()
        let receiver = try MessageReceiver(
            endpoints: Endpoints(bind: ["tcp://127.0.0.1:*"]), mode: .queue(depth: 100), logger: logger)
        let socket = try ZMQSocket(.push)
        defer { socket.close() }
        try socket.connect(receiver.boundEndpoint)
        var bad = TargetingResult(captureTime: 1, pipeline: .apriltag, targets: [Target(id: 1, distanceMeters: 1e30)])
        var frame: [UInt8] = []
        for sequence in 0..<10 {
            WireFormat.encode(.targetingResult(bad), sequence: UInt64(sequence), sender: "targeting", into: &frame)
            try socket.send(frame, wait: true)
        }
        bad.setTargets([Target(id: 1, distanceMeters: 2)])
        WireFormat.encode(.targetingResult(bad), sequence: 10, sender: "targeting", into: &frame)
        try socket.send(frame, wait: true)
        let message = try #require(try receiver.receive(timeoutMilliseconds: 5000, { try $0.decode() }))
        #expect(message.header.sequence == 10, "the ten bad frames were skipped")
        #expect(receiver.counters.malformed == 10)
        #expect(logs.all.filter { $0.contains("rejected malformed frame") }.count == 1, "\(logs.all)")
    }
}
