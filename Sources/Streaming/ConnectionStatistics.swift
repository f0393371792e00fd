/// How the MJPEG servers' connection caps have acted, for camstreamer's status (see ``ConnectionGate``).
public struct ConnectionStatistics: Hashable, Sendable, Codable {
    /// Connections accepted since the service started (admitted or refused).
    public var accepted = 0
    /// Connections open now, over all streams.
    public var open = 0
    /// Of ``open``, those that have not yet sent a complete request.
    public var idle = 0
    /// Connections refused because their address already had the per-address cap.
    public var refusedPerAddress = 0
    /// Connections refused because every slot was busy serving.
    public var refusedFull = 0
    /// Idle connections closed to make room for a new one when all slots were taken.
    public var evictedIdle = 0
    /// Connections closed because they sent no complete request within the request timeout.
    public var idleTimeouts = 0
    /// Stream clients closed because they did not keep up with the stream (their socket did not drain) for the
    /// stalled-client timeout. (Slow clients that lost their slot to a new client are counted per stream, in
    /// ``StreamStatistics/evictedClients``.)
    public var slowClientsDropped = 0

    /// Creates zeroed statistics.
    public init() {}
}
