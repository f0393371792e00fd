import Synchronization
import WireFormat

/// What the camera thread did, readable from status requests: frames, targets found, rate and latency.
final class TargetingStatistics: Sendable {
    private struct State {
        var frames: UInt64 = 0
        var found: UInt64 = 0
        var noFrames: UInt64 = 0
        var lastNoFrameLog: UInt64 = 0
        var windowStart = MonotonicClock.now()
        var windowFrames = 0
        var fps = 0.0
        var latencyMilliseconds = 0.0
    }

    private let state = Mutex(State())

    func record(_ result: TargetingResult) {
        self.state.withLock { state in
            state.frames += 1
            if result.found { state.found += 1 }
            state.latencyMilliseconds = Double(result.pipelineLatencyMicroseconds) / 1000
            state.windowFrames += 1
            let now = MonotonicClock.now()
            if now - state.windowStart >= 1_000_000_000 {
                state.fps = Double(state.windowFrames) / (Double(now - state.windowStart) / 1e9)
                state.windowStart = now
                state.windowFrames = 0
            }
        }
    }

    /// Counts a missing frame; returns whether it is time to log one (at most every 5 s).
    func recordNoFrame() -> Bool {
        self.state.withLock { state in
            state.noFrames += 1
            let now = MonotonicClock.now()
            guard now - state.lastNoFrameLog >= 5_000_000_000 else { return false }
            state.lastNoFrameLog = now
            return true
        }
    }

    func figures() -> [ServiceStatus.Figure] {
        self.state.withLock { state in
            [
                .init(name: "fps", value: state.fps),
                .init(name: "frames", value: Double(state.frames)),
                .init(name: "targets_found", value: Double(state.found)),
                .init(name: "no_frame", value: Double(state.noFrames)),
                .init(name: "latency_ms", value: state.latencyMilliseconds),
            ]
        }
    }
}
