import Foundation
import NIOCore
import TestSupport
import Testing
import Vision
import WireFormat

@testable import Streaming

/// The camera-thread glue: a real ``Vision/VisionWorker`` feeding a hub through ``CameraStreamHandler``.
@Suite(.serialized) struct CameraStreamHandlerTests {
    /// A folder with a few 640x480 test-card JPEGs.
    static func imageFolder() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camstream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let camera = try TestCamera()
        for index in 0..<3 {
            try camera.render()
            try camera.frame.save(directory.appendingPathComponent("frame\(index).jpg").path)
        }
        return directory
    }

    /// Waits up to 5 s for a frame for `subscription` and decodes it.
    static func nextFrame(_ hub: FrameHub, _ subscription: FrameHub.Subscription) async throws -> Frame {
        try await eventually { hub.newestFrame(for: subscription, after: 0) != nil }
        let frame = try #require(hub.newestFrame(for: subscription, after: 0))
        let decoded = try Frame()
        try Array(frame.jpeg.readableBytesView).withUnsafeBytes { try decoded.decode($0) }
        return decoded
    }

    static func pixel(_ frame: Frame, _ x: Int, _ y: Int) -> (b: UInt8, g: UInt8, r: UInt8) {
        frame.withUnsafeMutableBytes { bytes in
            let offset = y * frame.stride + x * 3
            return (bytes[offset], bytes[offset + 1], bytes[offset + 2])
        }
    }

    @Test func framesGetTheOverlayFromTheNewestResult() async throws {
        let folder = try Self.imageFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let hub = FrameHub(name: "DriveCam", maxClients: 2, settings: StreamSettings(quality: 90, framesPerSecond: 30, scale: 1))
        let latest = LatestTargeting(staleAfterSeconds: 30)
        let worker = VisionWorker(name: "test-camera", source: .images(folder.path, loop: true, fps: 30)) {
            try CameraStreamHandler(hub: hub, overlay: OverlayRenderer(), targeting: latest).handle
        }
        worker.start()
        defer { worker.requestStop() }
        // Fresh, centred target: green border. (Nothing is drawn before the first client subscribes.)
        latest.update(TargetingResult(captureTime: MonotonicClock.now(), pipeline: .apriltag, targets: [Target(id: 1, yawDegrees: 0.5)]))
        let subscription = try #require(hub.subscribe(limits: .none) {})
        var frame = try await Self.nextFrame(hub, subscription)
        var border = Self.pixel(frame, 4, 240)
        #expect(border.g > 180 && border.r < 90 && border.b < 90, "centred: \(border)")
        // Targeting down: no border, the banner instead.
        latest.clear()
        // The frame after the next one was drawn after the clear (one may have been in flight).
        let seen = hub.newestFrame(for: subscription, after: 0)?.sequence ?? 0
        try await eventually { (hub.newestFrame(for: subscription, after: seen + 1) != nil) }
        frame = try await Self.nextFrame(hub, subscription)
        border = Self.pixel(frame, 4, 240)
        #expect(!(border.g > 180 && border.r < 90 && border.b < 90), "no cue without data: \(border)")
        hub.unsubscribe(subscription)
        await worker.stop()
    }

    @Test func nothingIsDrawnOrEncodedWithoutClients() async throws {
        let folder = try Self.imageFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let hub = FrameHub(name: "ClawCam", maxClients: 2, settings: StreamSettings(quality: 80, framesPerSecond: 30, scale: 1))
        let worker = VisionWorker(name: "idle-camera", source: .images(folder.path, loop: true, fps: 30)) {
            try CameraStreamHandler(hub: hub, overlay: nil, targeting: nil).handle
        }
        worker.start()
        try await eventually("the camera runs") { hub.statistics().framesOfferedPerSecond > 5 }
        await worker.stop()
        let statistics = hub.statistics()
        #expect(statistics.framesOfferedPerSecond > 5, "the camera ran")
        #expect(statistics.totalFramesPublished == 0)
    }

    @Test func lostCameraShowsACard() async throws {
        let hub = FrameHub(name: "Lost", maxClients: 2, settings: StreamSettings(quality: 80, framesPerSecond: 30, scale: 1))
        // Nothing listens on 127.0.0.1:9 here, so the network camera never delivers.
        var source = FrameSourceConfiguration.ipCamera("http://127.0.0.1:9/stream.mjpg")
        source.openTimeoutMilliseconds = 200
        source.readTimeoutMilliseconds = 200
        let worker = VisionWorker(name: "lost-camera", source: source) {
            try CameraStreamHandler(hub: hub, overlay: OverlayRenderer(), targeting: nil).handle
        }
        let subscription = try #require(hub.subscribe(limits: .none) {})
        worker.start()
        let frame = try await Self.nextFrame(hub, subscription)
        await worker.stop()
        #expect(frame.width == 640 && frame.height == 480)
        // The card is dark grey with a red cross through the corners.
        let background = Self.pixel(frame, 320, 60)
        #expect(background.r < 70 && background.g < 70 && background.b < 70, "background \(background)")
        let cross = Self.pixel(frame, 40, 30)
        #expect(cross.r > 150 && cross.g < 90, "cross \(cross)")
        hub.unsubscribe(subscription)
    }

    @Test func aSingleMissedReadShowsNoCard() async throws {
        let hub = FrameHub(name: "Loop", maxClients: 2, settings: StreamSettings(quality: 80, framesPerSecond: 30, scale: 1))
        let subscription = try #require(hub.subscribe(limits: .none) {})
        defer { hub.unsubscribe(subscription) }
        let handler = try CameraStreamHandler(hub: hub, overlay: nil, targeting: nil)
        let frame = try Frame(width: 64, height: 48)
        handler.handle(.frame(frame, FrameInfo(frameNumber: 1, captureTime: MonotonicClock.now(), width: 64, height: 48)))
        #expect(handler.publishedCount == 1)
        // The rate limit and the lost-camera interval are durations under test: wait them out.
        try await Task.sleep(for: .milliseconds(100))  // past the 30 fps limit, so only the handler decides
        // A looping folder or file starting over: one read without a frame.
        handler.handle(.noFrame(reason: "end of the image list; restarting"))
        #expect(handler.publishedCount == 1, "a camera-lost card after one missed read")
        // A camera that stays silent gets its card once the interval has passed.
        handler.cameraLostInterval = 0.2
        try await Task.sleep(for: .milliseconds(250))
        handler.handle(.noFrame(reason: "lost"))
        #expect(handler.publishedCount == 2)
    }
}
