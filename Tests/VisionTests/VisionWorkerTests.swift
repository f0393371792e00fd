import Foundation
import Synchronization
import TestSupport
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
        let before = Self.threadIDs()
        worker.start()
        try #require(await waitUntil(timeout: .seconds(10)) { ready(events) }, "the worker never got going")
        // Stop only once the worker's thread sleeps in the long wait for the next frame.
        try await eventually("the worker thread waits for the next frame") {
            Self.oneWaitsInPoll(Self.threadIDs().subtracting(before))
        }
        let start = Date()
        await worker.stop()
        return Date().timeIntervalSince(start)
    }

    /// The ids of this process's threads.
    private static func threadIDs() -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? [])
    }

    /// Whether one of `threads` sleeps in `poll` (a ``FrameSource`` wait), as `/proc/self/task/*/wchan` says.
    private static func oneWaitsInPoll(_ threads: Set<String>) -> Bool {
        threads.contains { thread in
            let channel = try? String(contentsOfFile: "/proc/self/task/\(thread)/wchan", encoding: .utf8)
            return channel?.contains("poll") == true
        }
    }

    @Test func stopInterruptsTheWaitForTheNextFrame() async throws {
        // One frame every 2 s: without the interruption, a stop would wait up to 2 s.
        let settings = SyntheticSourceSettings(calibration: TestData.lifecam480p, poses: [SyntheticTargetPose(distanceMeters: 1.5)], fps: 0.5)
        let seconds = try await Self.timeStop(.synthetic(settings)) { $0.frames.load(ordering: .relaxed) >= 1 }
        #expect(seconds < 0.5, "stop took \(seconds) s")
    }
}
