/// Options of an NT4 `subscribe` message.
public struct NTSubscriptionOptions: Sendable, Hashable, Codable {
    /// How often the server sends value changes, seconds (spec default 0.1).
    public var periodic: Double?
    /// Send every value change, not only the latest per period.
    public var all: Bool?
    /// Only announce topics, send no values.
    public var topicsonly: Bool?
    /// Treat the topic names as prefixes.
    public var prefix: Bool?

    /// Creates options; unset fields take the server's defaults.
    public init(periodic: Double? = nil, all: Bool? = nil, topicsonly: Bool? = nil, prefix: Bool? = nil) {
        self.periodic = periodic
        self.all = all
        self.topicsonly = topicsonly
        self.prefix = prefix
    }
}
