import Foundation
import Synchronization
import Testing
import Vision

/// The worker thread: a stop ends its wait for the next frame at once.
struct VisionWorkerTests {
    /// Counts the events a worker delivered.
    final class Events: Sendable {
        let frames = Atomic<Int>(0)
    }

    /// Starts `source` on a worker, waits for `ready`, then times `stop()`.
    private static func timeStop(_ source: FrameSourceConfiguration, ready: @escaping @Sendable (Events) -> Bool) async throws -> Double {
        let events = Events()
        let worker = VisionWorker(name: "stop-test", source: source) {
            { event in if case .frame = event { events.frames.add(1, ordering: .relaxed) } }
        }
        worker.start()
        let deadline = Date().addingTimeInterval(10)
        while !ready(events), Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
        try #require(ready(events), "the worker never got going")
        try await Task.sleep(for: .milliseconds(50))  // now inside the long wait
        let start = Date()
        await worker.stop()
        return Date().timeIntervalSince(start)
    }

    @Test func stopInterruptsTheWaitForTheNextFrame() async throws {
        // One frame every 2 s: without the interruption, a stop would wait up to 2 s.
        let settings = SyntheticSourceSettings(calibration: TestData.lifecam480p, poses: [SyntheticTargetPose(distanceMeters: 1.5)], fps: 0.5)
        let seconds = try await Self.timeStop(.synthetic(settings)) { $0.frames.load(ordering: .relaxed) >= 1 }
        #expect(seconds < 0.5, "stop took \(seconds) s")
    }
}
