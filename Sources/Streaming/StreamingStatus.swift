/// A snapshot of all streams and the budget, for camstreamer's status reply.
public struct StreamingStatus: Hashable, Sendable, Codable {
    /// Per-stream figures.
    public var streams: [StreamStatistics]
    /// The budget controller's last decision.
    public var budget: BudgetStatus
    /// Open connections and what the connection caps refused or dropped, over all streams.
    public var connections: ConnectionStatistics

    /// Total bytes per second sent to all clients.
    public var bytesSentPerSecond: Double { self.streams.reduce(0) { $0 + $1.bytesSentPerSecond } }
}
