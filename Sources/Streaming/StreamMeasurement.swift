/// What the budget controller is told about one stream at each adjustment.
public struct StreamMeasurement: Hashable, Sendable {
    /// The stream's name.
    public var name: String
    /// Clients receiving the stream.
    public var clients: Int
    /// The settings the stream ran at while measured.
    public var settings: StreamSettings
    /// Average bytes per frame at ``settings`` (part header included), `nil` if no frame was encoded at them yet.
    public var bytesPerFrame: Double?
    /// The camera's resolution.
    public var sourceWidth: Int
    /// See ``sourceWidth``.
    public var sourceHeight: Int
    /// How fast the camera delivers frames, `nil` if unknown; the stream cannot be faster.
    public var sourceFramesPerSecond: Double?
    /// Bytes per second actually sent to this stream's clients.
    public var bytesSentPerSecond: Double

    /// Creates a measurement.
    public init(
        name: String,
        clients: Int,
        settings: StreamSettings,
        bytesPerFrame: Double?,
        sourceWidth: Int,
        sourceHeight: Int,
        sourceFramesPerSecond: Double?,
        bytesSentPerSecond: Double = 0
    ) {
        self.name = name
        self.clients = clients
        self.settings = settings
        self.bytesPerFrame = bytesPerFrame
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.sourceFramesPerSecond = sourceFramesPerSecond
        self.bytesSentPerSecond = bytesSentPerSecond
    }

    /// Builds a measurement from a hub's figures.
    public init(_ statistics: StreamStatistics) {
        self.init(
            name: statistics.name,
            clients: statistics.clients,
            settings: statistics.settings,
            bytesPerFrame: statistics.bytesPerFrame,
            sourceWidth: statistics.sourceWidth,
            sourceHeight: statistics.sourceHeight,
            sourceFramesPerSecond: statistics.framesOfferedPerSecond > 0 ? statistics.framesOfferedPerSecond : nil,
            bytesSentPerSecond: statistics.bytesSentPerSecond
        )
    }
}
