import Bus
import Foundation
import Logging
import Supervision
import Synchronization
import Testing
import TestSupport
import WireFormat

/// The results mirror (PUB) and `control tap` on it: it observes without taking from the queue, never blocks the
/// producer, and `ResultTap` prints and counts what it sees.
@Suite(.timeLimit(.minutes(1)))
struct TapMirrorTests {
    static func result(_ frame: Int) -> BusMessage.Payload {
        .targetingResult(
            TargetingResult(
                captureTime: MonotonicClock.now(), pipelineLatencyMicroseconds: 3_000, frameNumber: UInt64(frame),
                pipeline: .reflective2019, targets: [Target(yawDegrees: 1.5, distanceMeters: 2)]
            )
        )
    }

    /// Lines handed over by the tap's thread.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { self.lines.withLock { $0.append(line) } }
        var all: [String] { self.lines.withLock { $0 } }
    }

    /// Sends results through `mirror`, one every `pause` (999 at most), until `lines` holds `count` lines starting with
    /// `prefix` (the tap subscribes in the background: the first results may pass before it does).
    static func send(
        through mirror: MessageMirror,
        every pause: Duration,
        until lines: Lines,
        count: Int,
        startingWith prefix: String
    ) async throws {
        var frame = 1
        while lines.all.filter({ $0.hasPrefix(prefix) }).count < count, frame < 1000 {
            try mirror.send(Self.result(frame))
            frame += 1
            try await Task.sleep(for: pause)
        }
    }

    /// Results come at camera rate (30 Hz); here 100 at about 300 Hz. (Sent back to back, the 11th copy would be
    /// dropped: libzmq's PUB learns that its subscriber's queue emptied only when it processes commands, about
    /// once a millisecond of sending.)
    @Test func theTapSeesEveryResultAndTheQueueStillGetsThemAll() throws {
        let receiver = try MessageReceiver(
            endpoints: Endpoints(bind: ["tcp://127.0.0.1:*"]), mode: .queue(depth: 1000), logger: Logger(label: "test")
        )
        let sender = try MessageSender(name: "targeting", endpoints: Endpoints(connect: [receiver.boundEndpoint]))
        let mirror = try MessageMirror(name: "targeting", endpoint: "tcp://127.0.0.1:*")
        let tap = try MessageTap(endpoint: mirror.boundEndpoint)
        // Both connections come up in the background: send until each side got one.
        var queueUp = false
        var tapUp = false
        for frame in 0..<300 where !(queueUp && tapUp) {
            try sender.send(Self.result(frame))
            try mirror.send(Self.result(frame))
            queueUp = try queueUp || receiver.receive(timeoutMilliseconds: 10, { try $0.decode() }) != nil
            tapUp = try tapUp || tap.receive(timeoutMilliseconds: 10) != nil
        }
        #expect(queueUp && tapUp)
        while try receiver.receive(timeoutMilliseconds: 50, { try $0.decode() }) != nil {}
        while try tap.receive(timeoutMilliseconds: 50) != nil {}
        let received = receiver.counters.received
        for frame in 1000..<1100 {
            usleep(3000)
            #expect(try sender.send(Self.result(frame)))
            try mirror.send(Self.result(frame))
            let queued = try receiver.receive(timeoutMilliseconds: 1000, { try $0.decode() })
            let tapped = try tap.receive(timeoutMilliseconds: 1000)
            guard case .targetingResult(let q) = queued?.payload, case .targetingResult(let t) = tapped?.payload else {
                Issue.record("frame \(frame) missing: queue \(queued != nil), tap \(tapped != nil)")
                return
            }
            #expect(q.frameNumber == UInt64(frame) && t.frameNumber == UInt64(frame))
        }
        #expect(receiver.counters.received - received == 100)
        #expect(tap.counters.malformed == 0)
    }

    @Test func aTapThatNeverReadsDoesNotSlowTheProducer() throws {
        let mirror = try MessageMirror(name: "targeting", endpoint: "tcp://127.0.0.1:*")
        let stalled = try MessageTap(endpoint: mirror.boundEndpoint)
        let started = MonotonicClock.now()
        for frame in 0..<20_000 { try mirror.send(Self.result(frame)) }
        let seconds = MonotonicClock.secondsSince(started)
        #expect(mirror.counters.sent == 20_000)
        // Each send is microseconds; a blocking send would wait here forever (the subscriber never reads).
        #expect(seconds < 10)
        _ = stalled
    }

    @Test func resultTapPrintsOneLinePerResultAndStopsAtItsLimit() async throws {
        let mirror = try MessageMirror(name: "targeting", endpoint: "tcp://127.0.0.1:*")
        let lines = Lines()
        let tap = ResultTap(endpoint: mirror.boundEndpoint, mode: .echo, limit: 5)
        async let summary = tap.run { lines.append($0) }
        try await Self.send(through: mirror, every: .milliseconds(10), until: lines, count: 5, startingWith: "#")
        let total = try await summary
        #expect(total.messages == 5)
        let results = lines.all.filter { $0.hasPrefix("#") }
        #expect(results.count == 5)
        #expect(results.allSatisfy { $0.contains("reflective2019 targets 1  best id -1 yaw 1.50 pitch 0.00 dist 2.00 m  latency 3.0 ms") })
    }

    @Test func rateModePrintsFiguresEachIntervalAndStopEndsIt() async throws {
        let mirror = try MessageMirror(name: "targeting", endpoint: "tcp://127.0.0.1:*")
        let lines = Lines()
        let tap = ResultTap(endpoint: mirror.boundEndpoint, mode: .rate, reportIntervalSeconds: 0.1)
        async let summary = tap.run { lines.append($0) }
        try await Self.send(through: mirror, every: .milliseconds(5), until: lines, count: 2, startingWith: "rate ")
        tap.stop()
        let total = try await summary
        #expect(lines.all.filter { $0.hasPrefix("rate ") }.count >= 2)
        #expect(lines.all.allSatisfy { !$0.hasPrefix("#") })
        #expect(total.messages > 0)
        #expect(total.latencyMedianMilliseconds == 3)
    }

    @Test func aBadEndpointIsAnError() async {
        await #expect(throws: BusError.self) {
            _ = try await ResultTap(endpoint: "nonsense://x", mode: .echo, limit: 1).run { _ in }
        }
    }
}
