import NIOCore
import Synchronization
import Testing

@testable import Streaming

@Suite struct FrameHubTests {
    let settings = StreamSettings(quality: 80, framesPerSecond: 1e9, scale: 1)  // no rate limit in these tests

    /// An encoder that records what it was asked for and returns a recognisable payload.
    final class RecordingEncoder: Sendable {
        let requests = Mutex<[StreamVariant]>([])
        func encode(_ variant: StreamVariant) -> [UInt8] {
            self.requests.withLock { $0.append(variant) }
            return Array("\(variant)".utf8)
        }
        var count: Int { self.requests.withLock { $0.count } }
    }

    @Test func nothingIsEncodedWithoutClients() {
        let hub = FrameHub(name: "cam", maxClients: 2, settings: self.settings)
        let encoder = RecordingEncoder()
        let outcome = hub.publish(captureTime: 1, sourceWidth: 640, sourceHeight: 480) { encoder.encode($0) }
        #expect(outcome == .noClients)
        #expect(encoder.count == 0)
        #expect(hub.wantsFrame() == false)
    }

    @Test func capIsEnforcedAndCounted() throws {
        let hub = FrameHub(name: "cam", maxClients: 2, settings: self.settings)
        let first = try #require(hub.subscribe(limits: .none) {})
        _ = try #require(hub.subscribe(limits: .none) {})
        #expect(hub.subscribe(limits: .none) {} == nil)
        #expect(hub.statistics().rejectedClients == 1)
        hub.unsubscribe(first)
        hub.unsubscribe(first)  // twice is harmless
        #expect(hub.clientCount == 1)
        #expect(hub.subscribe(limits: .none) {} != nil)
    }

    @Test func oneEncodePerDistinctVariant() throws {
        let hub = FrameHub(name: "cam", maxClients: 5, settings: self.settings)
        let plain1 = try #require(hub.subscribe(limits: .none) {})
        let plain2 = try #require(hub.subscribe(limits: .none) {})
        let small = try #require(hub.subscribe(limits: ClientLimits(resolution: (320, 240))) {})
        let lowQuality = try #require(hub.subscribe(limits: ClientLimits(quality: 20)) {})
        let encoder = RecordingEncoder()
        let outcome = hub.publish(captureTime: 42, sourceWidth: 640, sourceHeight: 480) { encoder.encode($0) }
        #expect(outcome == .published(variants: 3))
        #expect(
            Set(encoder.requests.withLock { $0 })
                == [
                    StreamVariant(width: 640, height: 480, quality: 80), StreamVariant(width: 320, height: 240, quality: 80),
                    StreamVariant(width: 640, height: 480, quality: 20),
                ])
        let a = try #require(hub.newestFrame(for: plain1, after: 0))
        let b = try #require(hub.newestFrame(for: plain2, after: 0))
        #expect(a.jpeg == b.jpeg)
        #expect(hub.newestFrame(for: small, after: 0)?.variant.width == 320)
        #expect(hub.newestFrame(for: lowQuality, after: 0)?.variant.quality == 20)
        #expect(a.captureTime == 42)
    }

    @Test func clientsOnlyGetNewerFramesAndSkipOldOnes() throws {
        let hub = FrameHub(name: "cam", maxClients: 1, settings: self.settings)
        let client = try #require(hub.subscribe(limits: .none) {})
        let encoder = RecordingEncoder()
        for time in 1...5 as ClosedRange<UInt64> {
            hub.publish(captureTime: time, sourceWidth: 64, sourceHeight: 48) { encoder.encode($0) }
        }
        // A slow client that looks now sees only the newest frame.
        let newest = try #require(hub.newestFrame(for: client, after: 0))
        #expect(newest.captureTime == 5)
        #expect(hub.newestFrame(for: client, after: newest.sequence) == nil)
    }

    @Test func wakesEveryClientAfterPublish() throws {
        let hub = FrameHub(name: "cam", maxClients: 3, settings: self.settings)
        let wakes = Mutex(0)
        _ = hub.subscribe(limits: .none) { wakes.withLock { $0 += 1 } }
        _ = hub.subscribe(limits: .none) { wakes.withLock { $0 += 1 } }
        hub.publish(captureTime: 1, sourceWidth: 64, sourceHeight: 48) { _ in [1, 2, 3] }
        #expect(wakes.withLock { $0 } == 2)
    }

    @Test func lastClientLeavingDropsStoredFrames() throws {
        let hub = FrameHub(name: "cam", maxClients: 1, settings: self.settings)
        let client = try #require(hub.subscribe(limits: .none) {})
        hub.publish(captureTime: 1, sourceWidth: 64, sourceHeight: 48) { _ in [1] }
        hub.unsubscribe(client)
        let next = try #require(hub.subscribe(limits: .none) {})
        #expect(hub.newestFrame(for: next, after: 0) == nil)
    }

    @Test func budgetFrameRateSkipsFramesBeforeEncoding() throws {
        let hub = FrameHub(name: "cam", maxClients: 1, settings: StreamSettings(quality: 80, framesPerSecond: 1, scale: 1))
        _ = try #require(hub.subscribe(limits: .none) {})
        let encoder = RecordingEncoder()
        var outcomes: [FrameHub.PublishOutcome] = []
        for time in 1...4 as ClosedRange<UInt64> {
            outcomes.append(hub.publish(captureTime: time, sourceWidth: 64, sourceHeight: 48) { encoder.encode($0) })
        }
        // The bucket starts with 1.5 tokens: one frame passes, the rest come too soon for 1 fps.
        #expect(outcomes.filter { $0 == .skippedForRate }.count == 3)
        #expect(encoder.count == 1)
    }

    @Test func encoderErrorsPublishNothing() throws {
        struct Broken: Error {}
        let hub = FrameHub(name: "cam", maxClients: 1, settings: self.settings)
        let client = try #require(hub.subscribe(limits: .none) {})
        #expect(throws: Broken.self) {
            try hub.publish(captureTime: 1, sourceWidth: 64, sourceHeight: 48) { (_: StreamVariant) throws(Broken) -> [UInt8] in
                throw Broken()
            }
        }
        #expect(hub.newestFrame(for: client, after: 0) == nil)
    }

    @Test func measuresBytesPerFrameAtItsOwnSettings() throws {
        let hub = FrameHub(name: "cam", maxClients: 1, settings: self.settings)
        _ = try #require(hub.subscribe(limits: .none) {})
        hub.publish(captureTime: 1, sourceWidth: 64, sourceHeight: 48) { _ in Array(repeating: 0, count: 1000) }
        let perFrame = try #require(hub.statistics().bytesPerFrame)
        #expect(perFrame > 1000 && perFrame < 1200)  // JPEG plus part header
        hub.settings = StreamSettings(quality: 50, framesPerSecond: 1000, scale: 1)
        #expect(hub.statistics().bytesPerFrame == nil)
    }
}
