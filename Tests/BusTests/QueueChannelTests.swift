import Bus
import Logging
import Testing
import WireFormat

@Suite(.timeLimit(.minutes(1)))
struct QueueChannelTests {
    static let logger = Logger(label: "test")

    static func result(_ frame: UInt32) -> BusMessage.Payload {
        .targetingResult(
            TargetingResult(
                captureTime: MonotonicClock.now(), frameNumber: UInt64(frame), pipeline: .apriltag,
                targets: frame % 2 == 0 ? [Target(id: 1)] : []))
    }

    /// A receiver bound on a free loopback port and a sender connected to it.
    static func pair(mode: ConsumerMode, highWaterMark: Int32 = 100) throws -> (MessageSender, MessageReceiver) {
        let receiver = try MessageReceiver(
            endpoints: Endpoints(bind: ["tcp://127.0.0.1:*"]),
            mode: mode,
            logger: Self.logger
        )
        var options = MessageSender.Options()
        options.highWaterMark = highWaterMark
        let sender = try MessageSender(
            name: "targeting",
            endpoints: Endpoints(connect: [receiver.boundEndpoint]),
            options: options
        )
        return (sender, receiver)
    }

    /// Sends until the first message is queued (the connection is up), and returns it.
    static func connect(_ sender: MessageSender, _ receiver: MessageReceiver) throws -> BusMessage {
        for attempt in 0..<200 {
            if try sender.send(Self.result(UInt32(attempt))), let message = try receiver.receive(timeoutMilliseconds: 1000, { try $0.decode() }) {
                return message
            }
            try receiver.receive(timeoutMilliseconds: 10, { try $0.decode() }).map { _ in () }
        }
        Issue.record("the sender never connected")
        throw BusError.noEndpoints
    }

    @Test func queueModeDeliversEveryMessageInOrder() throws {
        let (sender, receiver) = try Self.pair(mode: .queue(depth: 1000), highWaterMark: 1000)
        let first = try Self.connect(sender, receiver)
        for frame in 1...500 {
            #expect(try sender.send(Self.result(UInt32(frame))))
        }
        var frames: [UInt32] = []
        while frames.count < 500, let message = try receiver.receive(timeoutMilliseconds: 2000, { try $0.decode() }) {
            guard case .targetingResult(let result) = message.payload else { continue }
            frames.append(UInt32(result.frameNumber))
        }
        #expect(frames == Array(1...500))
        #expect(receiver.counters.gaps == 0)
        #expect(receiver.counters.received == 501)
        #expect(first.header.sender == "targeting")
    }

    @Test func latestModeReturnsOnlyTheNewest() throws {
        let (sender, receiver) = try Self.pair(mode: .latest, highWaterMark: 1000)
        _ = try Self.connect(sender, receiver)
        let receivedBefore = receiver.counters.received
        for frame in 1...200 {
            #expect(try sender.send(Self.result(UInt32(frame))))
        }
        // Take what is there until frame 200 comes: each receive returns the newest message waiting.
        var returned: [UInt32] = []
        let deadline = MonotonicClock.now() + 2_000_000_000
        while returned.last != 200, MonotonicClock.now() < deadline {
            if let message = try receiver.receive(timeoutMilliseconds: 100, { try $0.decode() }),
                case .targetingResult(let result) = message.payload
            {
                returned.append(UInt32(result.frameNumber))
            }
        }
        #expect(returned.last == 200)
        // Older messages were read and skipped, never returned later: frames only go forward, and all 200 were
        // consumed although fewer were returned.
        #expect(zip(returned, returned.dropFirst()).allSatisfy { $0 < $1 }, "returned \(returned)")
        #expect(receiver.counters.received - receivedBefore == 200)
        #expect(returned.count < 200)
    }

    @Test func senderWithoutConsumerDropsAndCounts() throws {
        let sender = try MessageSender(name: "targeting", endpoints: Endpoints(connect: ["tcp://127.0.0.1:9"]))
        for frame in 0..<1000 {
            #expect(try sender.send(Self.result(UInt32(frame))) == false)
        }
        #expect(sender.counters.dropped == 1000)
        #expect(sender.counters.sent == 0)
    }

    @Test func stalledConsumerKeepsMemoryBoundedAndLossCounted() throws {
        let (sender, receiver) = try Self.pair(mode: .queue(depth: 10), highWaterMark: 10)
        _ = try Self.connect(sender, receiver)
        let attempts = 300_000
        let (sentBefore, droppedBefore) = (sender.counters.sent, sender.counters.dropped)
        let gapsBefore = receiver.counters.gaps
        for frame in 0..<attempts {
            try sender.send(Self.result(UInt32(frame)))
        }
        let sent = sender.counters.sent - sentBefore
        let dropped = sender.counters.dropped - droppedBefore
        print("stalled consumer: \(sent) of \(attempts) accepted, \(dropped) dropped")
        #expect(sent + dropped == UInt64(attempts))
        // The consumer never read: everything past the bounded queues (two HWMs plus kernel buffers) was refused.
        #expect(dropped > 0)
        #expect(sent < 30_000, "about 7 000 on an idle machine: two HWMs of 10 plus the kernel buffers")
        // What was accepted is still delivered, every message of it, and the consumer sees the loss as sequence gaps.
        var received: UInt64 = 0
        while try receiver.receive(timeoutMilliseconds: 1000, { try $0.decode() }) != nil { received += 1 }
        #expect(received == sent)
        #expect(try sender.send(Self.result(0)))
        _ = try #require(try receiver.receive(timeoutMilliseconds: 2000, { try $0.decode() }))
        #expect(receiver.counters.gaps - gapsBefore == dropped)
    }

    @Test func malformedFramesAreCountedAndSkipped() throws {
        let receiver = try MessageReceiver(
            endpoints: Endpoints(bind: ["tcp://127.0.0.1:*"]),
            mode: .queue(depth: 100_000),
            logger: Self.logger
        )
        let raw = try ZMQSocket(.push)
        try raw.connect(receiver.boundEndpoint)
        var good: [UInt8] = []
        WireFormat.encode(Self.result(1), sequence: 0, sender: "targeting", into: &good)
        let garbage: [[UInt8]] = [[], [0x52], Array("hello world".utf8), [0x52, 0x56, 9, 1], Array(good.prefix(30))]
        for index in 0..<10_000 {
            try raw.send(garbage[index % garbage.count], wait: true)
        }
        try raw.send(good, wait: true)
        let message = try receiver.receive(timeoutMilliseconds: 5000, { try $0.decode() })
        #expect(message?.header.sender == "targeting")
        #expect(receiver.counters.malformed == 10_000)
    }

    @Test func oversizedFramesAreRejected() throws {
        let receiver = try MessageReceiver(
            endpoints: Endpoints(bind: ["tcp://127.0.0.1:*"]),
            mode: .queue(depth: 10),
            logger: Self.logger
        )
        let raw = try ZMQSocket(.push)
        try raw.connect(receiver.boundEndpoint)
        try raw.send([UInt8](repeating: 0x52, count: 100_000), wait: true)
        var good: [UInt8] = []
        WireFormat.encode(Self.result(1), sequence: 0, sender: "after", into: &good)
        // libzmq drops the connection that sent the oversized frame; a new one delivers normally.
        let second = try ZMQSocket(.push)
        try second.connect(receiver.boundEndpoint)
        try second.send(good, wait: true)
        #expect(try receiver.receive(timeoutMilliseconds: 5000, { try $0.decode() })?.header.sender == "after")
    }

    @Test func channelWithoutEndpointsIsAConfigurationError() {
        #expect(throws: BusError.noEndpoints) {
            _ = try MessageReceiver(endpoints: Endpoints(), mode: .latest, logger: Self.logger)
        }
    }

    /// A sender whose sequence wraps from 2^64-1 to a small number (a restart, or a hostile peer) is no gap and no
    /// crash; a real jump forward is counted.
    @Test func aSequenceThatGoesBackStartsOverWithoutAGap() throws {
        let receiver = try MessageReceiver(
            endpoints: Endpoints(bind: ["tcp://127.0.0.1:*"]), mode: .queue(depth: 100), logger: Self.logger
        )
        let push = try ZMQSocket(.push)
        try push.connect(receiver.boundEndpoint)
        var received: [UInt64] = []
        for sequence: UInt64 in [.max - 1, .max, 5, 9] {
            var frame: [UInt8] = []
            WireFormat.encode(Self.result(1), sequence: sequence, sender: "hostile", into: &frame)
            #expect(try push.send(frame, wait: true))
            let message = try #require(try receiver.receive(timeoutMilliseconds: 5000, { try $0.decode() }))
            received.append(message.header.sequence)
        }
        #expect(received == [.max - 1, .max, 5, 9])
        #expect(receiver.counters.gaps == 3)  // 6, 7 and 8; nothing for the wrap
    }
}
