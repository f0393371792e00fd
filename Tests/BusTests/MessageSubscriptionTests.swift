import Bus
import Logging
import Synchronization
import Testing
import WireFormat

@Suite(.timeLimit(.minutes(1)))
struct MessageSubscriptionTests {
    @Test func latestModeHandsEachResultToTheConsumerWithItsArrivalTime() async throws {
        let newest = Mutex<(message: BusMessage, receivedAt: UInt64)?>(nil)
        let subscription = try MessageSubscription(
            endpoints: Endpoints(bind: ["tcp://127.0.0.1:*"]),
            mode: .latest,
            logger: Logger(label: "test")
        ) { view, receivedAt in
            guard let message = try? view.decode() else { return }
            newest.withLock { $0 = (message, receivedAt) }
        }
        let sender = try MessageSender(name: "targeting", endpoints: Endpoints(connect: [subscription.boundEndpoint]))
        func newestFrame() -> UInt64? {
            guard case .targetingResult(let result)? = newest.withLock({ $0?.message.payload }) else { return nil }
            return result.frameNumber
        }
        var frame: UInt64 = 0
        let start = MonotonicClock.now()
        let deadline = start + 5_000_000_000
        while MonotonicClock.now() < deadline {
            frame += 1
            try sender.send(
                .targetingResult(TargetingResult(captureTime: 0, frameNumber: frame, pipeline: .apriltag, targets: [Target(id: 4)]))
            )
            try await Task.sleep(for: .milliseconds(5))
            if newestFrame() == frame { break }
        }
        #expect(newestFrame() == frame, "the newest result reached the consumer")
        let receivedAt = try #require(newest.withLock { $0?.receivedAt })
        #expect(receivedAt >= start && receivedAt <= MonotonicClock.now())
        guard case .targetingResult(let result)? = newest.withLock({ $0?.message.payload }) else {
            Issue.record("expected a targeting result")
            return
        }
        #expect(result.targets.map(\.id) == [4])
        // `latest` mode has no stream: it finishes at once.
        var iterator = subscription.messages.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        await subscription.stop()
    }

    @Test func queueModeStreamsEveryMessageAndFinishesOnStop() async throws {
        let subscription = try MessageSubscription(
            endpoints: Endpoints(bind: ["tcp://127.0.0.1:*"]),
            mode: .queue(depth: 1000),
            logger: Logger(label: "test")
        )
        var options = MessageSender.Options()
        options.highWaterMark = 1000
        let sender = try MessageSender(
            name: "targeting",
            endpoints: Endpoints(connect: [subscription.boundEndpoint]),
            options: options
        )
        // Wait for the connection, then send a numbered batch.
        while try !sender.send(.statusRequest(StatusRequest(requestID: 0))) {
            try await Task.sleep(for: .milliseconds(5))
        }
        for id in 1...100 {
            try sender.send(.statusRequest(StatusRequest(requestID: UInt64(id))))
        }
        var ids: [UInt64] = []
        for await message in subscription.messages {
            if case .statusRequest(let request) = message.payload, request.requestID > 0 { ids.append(request.requestID) }
            if ids.count == 100 { break }
        }
        #expect(ids == Array(1...100))
        await subscription.stop()
        var iterator = subscription.messages.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }
}
