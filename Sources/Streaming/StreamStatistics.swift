/// Figures for one stream (one camera, one port), for status pages and logs.
public struct StreamStatistics: Hashable, Sendable, Codable {
    /// The stream's name (the camera's).
    public var name: String
    /// Clients streaming or waiting for a snapshot now.
    public var clients: Int
    /// The cap on ``clients``.
    public var maxClients: Int
    /// Clients turned away with 503 since the hub was created.
    public var rejectedClients: Int
    /// Clients that lost their slot to a new client while they were behind the stream (slow readers).
    public var evictedClients: Int
    /// What the budget currently allows this stream.
    public var settings: StreamSettings
    /// The camera's resolution as last published (0 before the first frame).
    public var sourceWidth: Int
    /// See ``sourceWidth``.
    public var sourceHeight: Int
    /// Camera frames offered to the hub per second (whether published or not).
    public var framesOfferedPerSecond: Double
    /// Frames encoded and published per second.
    public var framesPublishedPerSecond: Double
    /// Frames written to clients per second, summed over clients.
    public var framesSentPerSecond: Double
    /// Bytes written to clients per second, summed over clients (part headers included).
    public var bytesSentPerSecond: Double
    /// Average bytes per frame at the stream's own settings (part header included), `nil` before any was encoded.
    public var bytesPerFrame: Double?
    /// Average time to encode the variants of one frame, milliseconds, `nil` before any was encoded.
    public var encodeMilliseconds: Double?

    /// Frames published since the hub was created.
    public var totalFramesPublished: Int
    /// Frames written to clients since the hub was created, summed over clients.
    public var totalFramesSent: Int
    /// Bytes written to clients since the hub was created (part headers included).
    public var totalBytesSent: Int

    /// ``bytesSentPerSecond`` in megabits per second.
    public var megabitsSentPerSecond: Double { self.bytesSentPerSecond * 8 / 1e6 }
}
