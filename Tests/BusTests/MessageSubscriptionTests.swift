import Bus
import Logging
import Testing
import WireFormat

@Suite(.timeLimit(.minutes(1)))
struct MessageSubscriptionTests {
    @Test func latestModeKeepsTheNewestResultAndItsAge() async throws {
        let subscription = try MessageSubscription(
            endpoints: Endpoints(bind: ["tcp://127.0.0.1:*"]),
            mode: .latest,
            logger: Logger(label: "test")
        )
        let sender = try MessageSender(name: "targeting", endpoints: Endpoints(connect: [subscription.boundEndpoint]))
        var frame: UInt32 = 0
        let deadline = MonotonicClock.now() + 5_000_000_000
        while MonotonicClock.now() < deadline {
            frame += 1
            try sender.send(.targetingResult(TargetingResult(captureTime: MonotonicClock.now(), frameNumber: frame, found: true)))
            try await Task.sleep(for: .milliseconds(5))
            if case .targetingResult(let result)? = subscription.latest?.message.payload, result.frameNumber == frame { break }
        }
        let latest = try #require(subscription.latest)
        guard case .targetingResult(let result) = latest.message.payload else {
            Issue.record("expected a targeting result")
            return
        }
        #expect(result.frameNumber == frame)
        #expect(latest.age >= 0 && latest.age < 5)
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
