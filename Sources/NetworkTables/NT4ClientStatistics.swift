/// Counters and the current connection state of an ``NT4Client``.
public struct NT4ClientStatistics: Sendable, Hashable {
    /// Whether a connection is open and its clock synchronised (values are being sent).
    public var isConnected = false
    /// The negotiated subprotocol of the current connection (`v4.1.networktables.first.wpi.edu` or the 4.0 one).
    public var subprotocol: String?
    /// Connections that reached clock synchronisation.
    public var connectionsEstablished = 0
    /// Connection attempts that failed or connections that ended (all causes).
    public var connectionFailures = 0
    /// Connections dropped because the server sent something that is not NT4.
    public var protocolErrors = 0
    /// Connections dropped because the server stopped answering within the timeout.
    public var timeouts = 0
    /// Connections dropped because the server sent frames faster than the client could handle them.
    public var floodDisconnects = 0
    /// Topic announcements ignored because the connection already had ``NT4ClientConfiguration/maxTopics``.
    public var topicsIgnored = 0
    /// Time sync replies ignored because their times cannot be right (negative or huge, or an absurd round trip).
    public var timeSyncsRejected = 0
    /// Values sent to the server.
    public var valuesSent = 0
    /// Values that were never sent because a newer value for the same topic replaced them while offline.
    public var valuesReplacedWhileOffline = 0
    /// Round trip time of the best recent time sync, microseconds.
    public var roundTripMicros: Int64?
    /// `server time - local monotonic time`, microseconds.
    public var serverOffsetMicros: Int64?

    /// Creates zeroed statistics.
    public init() {}
}
