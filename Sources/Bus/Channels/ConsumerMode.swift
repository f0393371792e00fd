/// How a consumer takes messages from a queue channel.
public enum ConsumerMode: Hashable, Sendable {
    /// Every message in order, at most `depth` waiting. When full, new messages are refused at the sender
    /// (counted there as dropped, and seen here as a sequence gap): the queue never grows without bound.
    case queue(depth: Int)
    /// Only the newest message: the receiver drains everything waiting (a small bounded queue, so memory stays
    /// bounded however fast results come) and keeps the newest. Every frame is still decoded, so malformed ones
    /// are counted; `ZMQ_CONFLATE` is not used because it would discard them unseen (and break multi-part).
    case latest

    /// Messages queued in libzmq per connection in `latest` mode.
    static let latestQueueDepth: Int32 = 16
}
