/// One value for one topic, for ``NT4Client/set(_:localMicros:)``.
public struct NTUpdate: Sendable, Hashable {
    /// The topic.
    public var topic: NTTopic
    /// Its new value.
    public var value: NTValue

    /// Creates an update.
    public init(_ topic: NTTopic, _ value: NTValue) {
        self.topic = topic
        self.value = value
    }
}
