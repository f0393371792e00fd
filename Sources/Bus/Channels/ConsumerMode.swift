/// How a consumer takes messages from a queue channel.
public enum ConsumerMode: Hashable, Sendable {
    /// Every message in order, at most `depth` waiting. When full, new messages are refused at the sender
    /// (counted there as dropped, and seen here as a sequence gap): the queue never grows without bound.
    case queue(depth: Int)
    /// Only the newest message: older ones still waiting are discarded (`ZMQ_CONFLATE` per connection plus
    /// a drain to the newest across connections).
    case latest
}
