import Synchronization
public import WireFormat

/// The one owner of the newest ``WireFormat/TargetingResult`` in a consumer, shared between the bus subscriber
/// (writer) and the camera threads, results monitor and status (readers). Latest value wins: older results are
/// replaced, never queued (the 2019 seed's unbounded queue made overlays lag further and further behind).
///
/// Staleness is decided here and only here, on this host's monotonic clock: a result's age is the time since it
/// arrived plus the pipeline latency its producer reported. A producer's capture time (another host's clock, or 0)
/// never enters it.
public final class LatestTargeting: Sendable {
    private struct State {
        var result: TargetingResult?
        var receivedAt: UInt64 = 0
    }

    /// Results older than this many seconds are stale.
    public let staleAfterSeconds: Double
    private let state = Mutex(State())

    /// Creates an empty holder: overlays show "NO TARGETING DATA" until the first ``update(_:receivedAt:)``.
    /// - Parameter staleAfterSeconds: the age past which a result is stale (camstreamer's
    ///   `results.stale_after_seconds`); must be positive.
    public init(staleAfterSeconds: Double = 0.5) {
        self.staleAfterSeconds = staleAfterSeconds
    }

    /// Stores `result`, received at `receivedAt` (``WireFormat/MonotonicClock`` ns of this host), as the newest.
    public func update(_ result: TargetingResult, receivedAt: UInt64 = MonotonicClock.now()) {
        self.state.withLock {
            $0.result = result
            $0.receivedAt = receivedAt
        }
    }

    /// Forgets the result, for when targeting is known to be down (overlays then say "NO TARGETING DATA").
    public func clear() {
        self.state.withLock { $0.result = nil }
    }

    /// The newest result with its age at `now`, or `nil` before the first one.
    public func current(at now: UInt64 = MonotonicClock.now()) -> TargetingSnapshot? {
        let (result, receivedAt) = self.state.withLock { ($0.result, $0.receivedAt) }
        guard let result else { return nil }
        let sinceArrival = now > receivedAt ? Double(now - receivedAt) / 1e9 : 0
        let age = sinceArrival + Double(result.pipelineLatencyMicroseconds) / 1e6
        return TargetingSnapshot(result: result, ageSeconds: age, isStale: !(age <= self.staleAfterSeconds))
    }
}
