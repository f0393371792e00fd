/// A topic this client publishes: returned by ``NT4Client/publish(_:type:properties:)`` and passed back to
/// ``NT4Client/set(_:_:localMicros:)``.
public struct NTTopic: Sendable, Hashable {
    /// The full topic name, e.g. `/vision/front/tx`.
    public let name: String
    /// The type the topic was published with.
    public let type: NTType
    /// The publisher id this client uses for the topic (stable across reconnects).
    public let pubuid: Int64
    let clientID: ObjectIdentifier
}
