import Foundation

/// A JSON control message from client to server (spec, "Client To Server Messages").
///
/// A text frame carries a JSON array of these; ``encodeFrame(_:)`` produces it.
public enum NT4ClientMessage: Sendable, Hashable, Encodable {
    /// Start publishing `name` as `type` under the client-chosen `pubuid`.
    case publish(name: String, pubuid: Int64, type: String, properties: NTTopicProperties)
    /// Stop publishing `pubuid`.
    case unpublish(pubuid: Int64)
    /// Change properties of topic `name`.
    case setProperties(name: String, update: NTTopicProperties)
    /// Subscribe to topics (or prefixes) under the client-chosen `subuid`.
    case subscribe(topics: [String], subuid: Int64, options: NTSubscriptionOptions)
    /// Cancel subscription `subuid`.
    case unsubscribe(subuid: Int64)

    private enum Keys: String, CodingKey {
        case method, params
        case name, pubuid, type, properties, update, topics, subuid, options
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .publish(let name, let pubuid, let type, let properties):
            try container.encode("publish", forKey: .method)
            var params = container.nestedContainer(keyedBy: Keys.self, forKey: .params)
            try params.encode(name, forKey: .name)
            try params.encode(pubuid, forKey: .pubuid)
            try params.encode(type, forKey: .type)
            try params.encode(properties, forKey: .properties)
        case .unpublish(let pubuid):
            try container.encode("unpublish", forKey: .method)
            var params = container.nestedContainer(keyedBy: Keys.self, forKey: .params)
            try params.encode(pubuid, forKey: .pubuid)
        case .setProperties(let name, let update):
            try container.encode("setproperties", forKey: .method)
            var params = container.nestedContainer(keyedBy: Keys.self, forKey: .params)
            try params.encode(name, forKey: .name)
            try params.encode(update, forKey: .update)
        case .subscribe(let topics, let subuid, let options):
            try container.encode("subscribe", forKey: .method)
            var params = container.nestedContainer(keyedBy: Keys.self, forKey: .params)
            try params.encode(topics, forKey: .topics)
            try params.encode(subuid, forKey: .subuid)
            try params.encode(options, forKey: .options)
        case .unsubscribe(let subuid):
            try container.encode("unsubscribe", forKey: .method)
            var params = container.nestedContainer(keyedBy: Keys.self, forKey: .params)
            try params.encode(subuid, forKey: .subuid)
        }
    }

    /// Encodes messages as the JSON array text of one WebSocket text frame.
    public static func encodeFrame(_ messages: [NT4ClientMessage]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these value types cannot fail: every field is a string, integer, boolean or array of them.
        guard let data = try? encoder.encode(messages) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
