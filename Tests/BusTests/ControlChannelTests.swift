import CZeroMQ
import Logging
import Synchronization
import TestSupport
import Testing
import WireFormat

@testable import Bus

@Suite(.timeLimit(.minutes(1)))
struct ControlChannelTests {
    /// A control server on a free loopback port that counts the stop requests it hands to its owner.
    final class Harness: Sendable {
        let server: ControlServer

        init() throws {
            let counter = StopCounter()
            self.server = try ControlServer(
                endpoint: try FreePort.endpoint(),
                serviceName: "svc",
                handlers: .init(
                    status: { ServiceStatus(requestID: $0, state: .ready, processID: 1, uptimeMilliseconds: 5) },
                    stop: { _, _ in counter.count.add(1, ordering: .relaxed) }
                ),
                logger: Logger(label: "test")
            )
            self.counter = counter
        }

        let counter: StopCounter
        var stopCount: Int { self.counter.count.load(ordering: .relaxed) }
        var endpoint: String { self.server.boundEndpoint }
    }

    final class StopCounter: Sendable {
        let count = Atomic<Int>(0)
    }

    let client = ControlClient(sender: "test", options: .init(timeoutMilliseconds: 3000))

    @Test func stopIsAcknowledgedOnceAndRetriesAreIdempotent() async throws {
        let harness = try Harness()
        for _ in 0..<3 {
            let outcome = try #require(await self.client.stop([harness.endpoint], stopID: 77).first)
            guard case .stopAcknowledgement(let ack)? = outcome.reply?.payload else {
                Issue.record("expected an acknowledgement, got \(outcome)")
                return
            }
            #expect(ack.stopID == 77)
            #expect(ack.state == .stopping)
        }
        #expect(harness.stopCount == 1)
        await harness.server.finish()
    }

    @Test func answersStatusRequests() async throws {
        let harness = try Harness()
        let outcome = try #require(await self.client.status([harness.endpoint]).first)
        guard case .status(let status)? = outcome.reply?.payload else {
            Issue.record("expected a status, got \(outcome)")
            return
        }
        #expect(status.state == .ready)
        #expect(outcome.reply?.header.sender == "svc")
        await harness.server.finish()
    }

    @Test func manyClientsAtOnceAllGetAnswers() async throws {
        let harness = try Harness()
        let outcomes = await withTaskGroup(of: ControlClient.Outcome?.self) { group in
            for _ in 0..<6 {
                group.addTask { await self.client.stop([harness.endpoint]).first }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 6)
        #expect(outcomes.allSatisfy { $0?.reply != nil })
        #expect(harness.stopCount == 1)
        await harness.server.finish()
    }

    @Test func aSilentPeerHoldingTheSocketDoesNotBlockAStop() async throws {
        let harness = try Harness()
        // A peer that connects, sends nothing, and does not come back once dropped (like a frozen host).
        let holder = try ZMQSocket(.pair)
        try holder.setReconnectInterval(milliseconds: -1)
        try holder.monitor("inproc://silent-holder", events: ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
        let handshakes = try ZMQSocket(.pair)
        defer { handshakes.close() }
        try handshakes.connect("inproc://silent-holder")
        try holder.connect(harness.endpoint)
        // The holder occupies the server's PAIR from its completed handshake on.
        var event = [UInt8](repeating: 0, count: 64)
        try await eventually("the silent peer's handshake") {
            (try? event.withUnsafeMutableBytes { try handshakes.receive(into: $0) }) != nil
        }
        let start = MonotonicClock.now()
        let outcome = try #require(await self.client.stop([harness.endpoint]).first)
        #expect(outcome.reply != nil)
        #expect(MonotonicClock.secondsSince(start) < 2)
        await harness.server.finish()
        holder.close()
    }

    @Test func aServiceThatIsDownIsReportedWithinTheTimeout() async throws {
        let endpoint = try FreePort.endpoint()
        let quick = ControlClient(sender: "test", options: .init(timeoutMilliseconds: 800))
        let start = MonotonicClock.now()
        let outcome = try #require(await quick.stop([endpoint]).first)
        let elapsed = MonotonicClock.secondsSince(start)
        guard case .noReply(let attempts) = outcome else {
            Issue.record("expected no reply, got \(outcome)")
            return
        }
        #expect(attempts >= 2)
        #expect(elapsed >= 0.75 && elapsed < 4, "the 0.8 s timeout took \(elapsed) s")
    }

    @Test func invalidEndpointsAreReportedAtOnce() async throws {
        let outcome = try #require(await self.client.stop(["not an endpoint"]).first)
        guard case .invalidEndpoint = outcome else {
            Issue.record("expected an invalid endpoint, got \(outcome)")
            return
        }
    }

    @Test func garbageIsCountedAndTheServerKeepsAnswering() async throws {
        let harness = try Harness()
        let sender = try ZMQSocket(.pair)
        try sender.connect(harness.endpoint)
        for index in 0..<10_000 {
            try sender.send(index % 2 == 0 ? [0xFF, 0x00] : Array("stop".utf8), wait: true)
        }
        sender.close()
        let outcome = try #require(await self.client.status([harness.endpoint]).first)
        #expect(outcome.reply != nil)
        #expect(harness.server.counters.malformed == 10_000)
        await harness.server.finish()
    }

    @Test func bindingATakenEndpointFails() throws {
        let harness = try Harness()
        #expect(throws: BusError.self) {
            _ = try ControlServer(
                endpoint: harness.endpoint,
                serviceName: "second",
                handlers: .init(status: { ServiceStatus(requestID: $0, state: .ready, processID: 1, uptimeMilliseconds: 0) }, stop: { _, _ in }),
                logger: Logger(label: "test")
            )
        }
    }
}
