#if canImport(Glibc)
import Glibc
#endif
import Synchronization
public import WireFormat

/// A service's state and figures, as answered to status requests (`control status`, the supervisor).
///
/// Workers update it from any thread: ``markReady()`` once they are doing their work, and ``report(_:)`` to
/// register a closure that returns their current figures (fps, latency, queue depth, dropped, ...).
public final class StatusBoard: Sendable {
    private struct State {
        var state: ServiceState = .starting
        var sources: [@Sendable () -> [ServiceStatus.Figure]] = []
    }

    private let storage = Mutex(State())
    private let startedAt = MonotonicClock.now()

    public init() {}

    /// The service's current state.
    public var state: ServiceState { self.storage.withLock { $0.state } }

    /// Marks the service ready (unless it is already stopping).
    public func markReady() {
        self.storage.withLock { if $0.state == .starting { $0.state = .ready } }
    }

    /// Marks the service stopping; it stays so.
    public func markStopping() {
        self.storage.withLock { $0.state = .stopping }
    }

    /// Adds a source of figures, called for each status request.
    public func report(_ figures: @escaping @Sendable () -> [ServiceStatus.Figure]) {
        self.storage.withLock { $0.sources.append(figures) }
    }

    /// The status to answer to request `requestID`.
    public func status(requestID: UInt64) -> ServiceStatus {
        let (state, sources) = self.storage.withLock { ($0.state, $0.sources) }
        return ServiceStatus(
            requestID: requestID,
            state: state,
            processID: UInt32(getpid()),
            uptimeMilliseconds: (MonotonicClock.now() - self.startedAt) / 1_000_000,
            figures: sources.flatMap { $0() }
        )
    }
}
