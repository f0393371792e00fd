/// The metadata of a PhotonVision pipeline result (`PhotonPipelineMetadata`): all signed 64-bit integers.
public struct PhotonPipelineMetadata: Sendable, Hashable {
    /// Increases with every result; PhotonVision mirrors it on the `heartbeat` topic.
    public var sequenceID: Int64
    /// When the frame was captured, microseconds in the time base of the result's reader (robot or NT server time).
    public var captureTimestampMicros: Int64
    /// When the result was published, microseconds in the same time base.
    public var publishTimestampMicros: Int64
    /// Microseconds since the coprocessor's time sync client last heard a pong.
    public var timeSinceLastPong: Int64

    /// Creates metadata.
    public init(
        sequenceID: Int64, captureTimestampMicros: Int64, publishTimestampMicros: Int64, timeSinceLastPong: Int64
    ) {
        self.sequenceID = sequenceID
        self.captureTimestampMicros = captureTimestampMicros
        self.publishTimestampMicros = publishTimestampMicros
        self.timeSinceLastPong = timeSinceLastPong
    }
}
