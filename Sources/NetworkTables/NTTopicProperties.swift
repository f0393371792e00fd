/// The standard NT4 topic properties (spec, "Properties"). `nil` leaves a property unset.
public struct NTTopicProperties: Sendable, Hashable, Codable {
    /// The server saves the value to disk and restores it on restart.
    public var persistent: Bool?
    /// The server keeps the topic (and its value) when its last publisher goes away.
    public var retained: Bool?
    /// The server keeps the last value to send to new subscribers (default true on servers).
    public var cached: Bool?

    /// Creates properties; all unset by default.
    public init(persistent: Bool? = nil, retained: Bool? = nil, cached: Bool? = nil) {
        self.persistent = persistent
        self.retained = retained
        self.cached = cached
    }
}
