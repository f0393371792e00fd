/// A subscription made with ``NT4Client/subscribe(_:prefix:options:)``: the server's values for matching topics
/// arrive on ``updates``. The client renews it after every reconnect; ``NT4Client/unsubscribe(_:)`` ends it.
public struct NTSubscription: Sendable {
    /// The topic names or prefixes.
    public let topics: [String]
    /// Whether ``topics`` are prefixes.
    public let prefix: Bool
    /// The subscription id sent to the server.
    public let subuid: Int64
    /// Values as they arrive (the newest 1024 are buffered if the reader falls behind). Finishes on
    /// ``NT4Client/unsubscribe(_:)``.
    public let updates: AsyncStream<NTValueUpdate>

    /// Whether `name` is covered by this subscription.
    public func matches(_ name: String) -> Bool {
        self.topics.contains { self.prefix ? name.hasPrefix($0) : name == $0 }
    }
}
