import NIOCore
import Synchronization

/// Admits HTTP connections to a service's MJPEG servers under a total and a per-address cap, shared by all
/// the servers of one ``StreamingService``.
///
/// - A connection from an address that already has ``maxPerAddress`` connections is refused.
/// - When all ``maxTotal`` slots are taken, the oldest connection that has not yet sent a complete request (an
///   idle one, typically an attacker's) is closed to make room; only if every slot is busy serving is the new one
///   refused. One slot is kept for the first (driver) camera: the other streams' connections may take only
///   ``maxTotal`` - 1 slots, so the driver's camera can always be reached.
///
/// Refused connections are closed at once, without an HTTP response. Every decision is counted in
/// ``statistics``.
public final class ConnectionGate: Sendable {
    /// Why a connection was or was not admitted.
    public enum Admission: Hashable, Sendable {
        /// Admitted.
        case admitted
        /// Refused: its address already has ``ConnectionGate/maxPerAddress`` connections.
        case refusedPerAddress
        /// Refused: every slot is busy serving a request.
        case refusedFull
    }

    private struct Entry {
        var channel: any Channel
        var address: String
        var acceptedAt: UInt64
        var idle = true
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var perAddress: [String: Int] = [:]
        var statistics = ConnectionStatistics()
        var acceptCounter: UInt64 = 0
    }

    /// The most connections at once, over all streams.
    public let maxTotal: Int
    /// The most connections at once from one IP address.
    public let maxPerAddress: Int
    private let state = Mutex(State())

    /// Creates a gate.
    /// - Parameters:
    ///   - maxTotal: The total cap (at least 2: one slot is kept for the driver's camera).
    ///   - maxPerAddress: The per-address cap (at least 1).
    public init(maxTotal: Int, maxPerAddress: Int) {
        self.maxTotal = max(2, maxTotal)
        self.maxPerAddress = max(1, maxPerAddress)
    }

    /// Connections open now, and counters of refusals and drops.
    public var statistics: ConnectionStatistics {
        self.state.withLock { state in
            var statistics = state.statistics
            statistics.open = state.entries.count
            statistics.idle = state.entries.values.filter(\.idle).count
            return statistics
        }
    }

    /// Decides on a new connection; an admitted one is tracked until its channel closes.
    /// - Parameters:
    ///   - channel: The accepted connection (closed by the caller when refused).
    ///   - isDriverStream: Whether it came in on the first (driver) camera's server, which may use the last slot.
    func admit(_ channel: any Channel, isDriverStream: Bool) -> Admission {
        let id = ObjectIdentifier(channel)
        let address = channel.remoteAddress?.ipAddress ?? "?"
        let limit = isDriverStream ? self.maxTotal : self.maxTotal - 1
        let (admission, evicted) = self.state.withLock { state -> (Admission, (any Channel)?) in
            state.statistics.accepted += 1
            guard state.perAddress[address, default: 0] < self.maxPerAddress else {
                state.statistics.refusedPerAddress += 1
                return (.refusedPerAddress, nil)
            }
            var evicted: (any Channel)?
            if state.entries.count >= limit {
                guard
                    let oldest = state.entries.filter({ $0.value.idle }).min(by: { $0.value.acceptedAt < $1.value.acceptedAt })
                else {
                    state.statistics.refusedFull += 1
                    return (.refusedFull, nil)
                }
                Self.remove(oldest.key, from: &state)
                state.statistics.evictedIdle += 1
                evicted = oldest.value.channel
            }
            state.acceptCounter += 1
            state.entries[id] = Entry(channel: channel, address: address, acceptedAt: state.acceptCounter)
            state.perAddress[address, default: 0] += 1
            return (.admitted, evicted)
        }
        evicted?.close(promise: nil)
        guard admission == .admitted else { return admission }
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.state.withLock { Self.remove(id, from: &$0) }
        }
        return admission
    }

    /// Marks a connection as serving (it sent a complete request): it is no longer evicted for newcomers.
    func markServing(_ channel: any Channel) {
        self.state.withLock { $0.entries[ObjectIdentifier(channel)]?.idle = false }
    }

    /// Counts a connection closed because it sent no complete request in time.
    func countIdleTimeout() {
        self.state.withLock { $0.statistics.idleTimeouts += 1 }
    }

    /// Counts a stream client closed because it did not keep up (its socket did not drain).
    func countSlowClient() {
        self.state.withLock { $0.statistics.slowClientsDropped += 1 }
    }

    private static func remove(_ id: ObjectIdentifier, from state: inout State) {
        guard let entry = state.entries.removeValue(forKey: id) else { return }
        let remaining = state.perAddress[entry.address, default: 1] - 1
        state.perAddress[entry.address] = remaining > 0 ? remaining : nil
    }
}
