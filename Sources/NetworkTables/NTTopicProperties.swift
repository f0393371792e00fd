/// NT4 topic properties: the standard ones (spec, "Properties") and application-defined string properties such as
/// PhotonVision's `message_uuid`. `nil` leaves a standard property unset.
public struct NTTopicProperties: Sendable, Hashable, Codable {
    /// The server saves the value to disk and restores it on restart.
    public var persistent: Bool?
    /// The server keeps the topic (and its value) when its last publisher goes away.
    public var retained: Bool?
    /// The server keeps the last value to send to new subscribers (default true on servers).
    public var cached: Bool?
    /// Other properties with string values, sent as JSON strings (e.g. `["message_uuid": "4b2f…"]`).
    /// Received non-string values of other properties are ignored.
    public var strings: [String: String]

    /// Creates properties; all unset by default.
    public init(persistent: Bool? = nil, retained: Bool? = nil, cached: Bool? = nil, strings: [String: String] = [:]) {
        self.persistent = persistent
        self.retained = retained
        self.cached = cached
        self.strings = strings
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }

        static let persistent = Key(stringValue: "persistent")
        static let retained = Key(stringValue: "retained")
        static let cached = Key(stringValue: "cached")
        static let standard: Set<String> = ["persistent", "retained", "cached"]
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.persistent = try container.decodeIfPresent(Bool.self, forKey: .persistent)
        self.retained = try container.decodeIfPresent(Bool.self, forKey: .retained)
        self.cached = try container.decodeIfPresent(Bool.self, forKey: .cached)
        var strings: [String: String] = [:]
        for key in container.allKeys where !Key.standard.contains(key.stringValue) {
            if let value = try? container.decode(String.self, forKey: key) { strings[key.stringValue] = value }
        }
        self.strings = strings
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(self.persistent, forKey: .persistent)
        try container.encodeIfPresent(self.retained, forKey: .retained)
        try container.encodeIfPresent(self.cached, forKey: .cached)
        for (name, value) in self.strings where !Key.standard.contains(name) {
            try container.encode(value, forKey: Key(stringValue: name))
        }
    }
}
