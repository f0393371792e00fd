/// What the connection's channel handler reports to the client's connection task.
enum NT4InboundEvent: Sendable {
    /// A text frame (JSON control messages) and the local time it arrived, microseconds.
    case text(String, receivedMicros: Int64)
    /// A binary frame (MessagePack value messages) and the local time it arrived, microseconds.
    case binary([UInt8], receivedMicros: Int64)
    /// A WebSocket ping or pong arrived (the server is alive).
    case control(receivedMicros: Int64)
    /// The channel became writable again after its outbound buffer filled up.
    case writable
    /// The connection closed.
    case closed(reason: String)
    /// The server sent frames faster than the client handled them and the bounded queue overflowed (the
    /// connection is being closed).
    case flooded
    /// The pipeline reported an error (the channel is being closed).
    case failure(String)
}
