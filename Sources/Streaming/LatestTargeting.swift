import Synchronization
import WireFormat

/// The newest ``WireFormat/TargetingResult`` for the overlay, shared between the bus subscriber (writer) and the
/// camera threads (readers). Latest value wins: older results are simply replaced, never queued (the 2019 seed's
/// unbounded queue made overlays lag further and further behind).
public final class LatestTargeting: Sendable {
    private struct State {
        var result: TargetingResult?
        var receivedAt: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Creates an empty holder: the overlay shows "NO TARGETING DATA" until the first ``update(_:receivedAt:)``.
    public init() {}

    /// Stores `result` as the newest.
    public func update(_ result: TargetingResult, receivedAt: UInt64 = MonotonicClock.now()) {
        self.state.withLock {
            $0.result = result
            $0.receivedAt = receivedAt
        }
    }

    /// Forgets the result, for when targeting is known to be down (the overlay then says "NO TARGETING DATA").
    public func clear() {
        self.state.withLock { $0.result = nil }
    }

    /// The newest result and its age in seconds at `now`: since the frame it came from was captured (same host,
    /// ``WireFormat/MonotonicClock``), or since it was received if its capture time is in the future (another host).
    public func current(at now: UInt64 = MonotonicClock.now()) -> (result: TargetingResult?, ageSeconds: Double) {
        self.state.withLock { state in
            guard let result = state.result else { return (nil, 0) }
            let reference = result.captureTime > 0 && result.captureTime <= now ? result.captureTime : state.receivedAt
            return (result, now > reference ? Double(now - reference) / 1e9 : 0)
        }
    }
}
