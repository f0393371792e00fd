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
        worker.start()
        try #require(await waitUntil(timeout: .seconds(10)) { ready(events) }, "the worker never got going")
        // Stop only once the worker thread sleeps in the long wait for the next frame.
        try await eventually("the worker thread waits for the next frame") { Self.threadIsWaiting(named: "stop-test") }
        let start = Date()
        await worker.stop()
        return Date().timeIntervalSince(start)
    }

    /// Whether a thread of this process named `name` is blocked (state `S`, as `/proc/self/task/*/stat` says).
    private static func threadIsWaiting(named name: String) -> Bool {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.contains { task in
            guard let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { return false }
            let state = stat[stat.index(after: close)...].dropFirst().first
            return stat[stat.index(after: open)..<close] == name && state == "S"
        }
    }

    @Test func stopInterruptsTheWaitForTheNextFrame() async throws {
        // One frame every 2 s: without the interruption, a stop would wait up to 2 s.
        let settings = SyntheticSourceSettings(calibration: TestData.lifecam480p, poses: [SyntheticTargetPose(distanceMeters: 1.5)], fps: 0.5)
        let seconds = try await Self.timeStop(.synthetic(settings)) { $0.frames.load(ordering: .relaxed) >= 1 }
        #expect(seconds < 0.5, "stop took \(seconds) s")
    }
}
