import Foundation

/// A JSON control message from server to client (spec, "Server To Client Messages").
public enum NT4ServerMessage: Sendable, Hashable, Decodable {
    /// A topic exists (or was published by this client, then `pubuid` is set).
    case announce(name: String, id: Int64, type: String, pubuid: Int64?, properties: NTTopicProperties)
    /// A topic no longer exists.
    case unannounce(name: String, id: Int64)
    /// Properties of a topic changed (`ack` is true when answering this client's `setproperties`).
    case properties(name: String, ack: Bool, update: NTTopicProperties)
    /// A method this implementation does not know; ignored.
    case unknown(method: String)

    private enum Keys: String, CodingKey {
        case method, params
        case name, id, type, pubuid, properties, ack, update
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let method = try container.decode(String.self, forKey: .method)
        switch method {
        case "announce":
            let params = try container.nestedContainer(keyedBy: Keys.self, forKey: .params)
            self = .announce(
                name: try params.decode(String.self, forKey: .name),
                id: try params.decode(Int64.self, forKey: .id),
                type: try params.decode(String.self, forKey: .type),
                pubuid: try params.decodeIfPresent(Int64.self, forKey: .pubuid),
                properties: (try? params.decodeIfPresent(NTTopicProperties.self, forKey: .properties)) ?? .init()
            )
        case "unannounce":
            let params = try container.nestedContainer(keyedBy: Keys.self, forKey: .params)
            self = .unannounce(
                name: try params.decode(String.self, forKey: .name),
                id: try params.decode(Int64.self, forKey: .id)
            )
        case "properties":
            let params = try container.nestedContainer(keyedBy: Keys.self, forKey: .params)
            self = .properties(
                name: try params.decode(String.self, forKey: .name),
                ack: try params.decodeIfPresent(Bool.self, forKey: .ack) ?? false,
                update: (try? params.decodeIfPresent(NTTopicProperties.self, forKey: .update)) ?? .init()
            )
        default:
            self = .unknown(method: method)
        }
    }

    /// Decodes the JSON array of one text frame.
    ///
    /// - Throws: ``NetworkTablesError`` with code `.protocolViolation` if the text is not a JSON array of
    ///   `{"method", "params"}` objects.
    public static func decodeFrame(_ text: String) throws(NetworkTablesError) -> [NT4ServerMessage] {
        do {
            return try JSONDecoder().decode([NT4ServerMessage].self, from: Data(text.utf8))
        } catch {
            let excerpt = String(text.prefix(80))
            throw NetworkTablesError.protocolViolation(
                "server sent a text frame that is not NT4 JSON (\(error)): \(excerpt)"
            )
        }
    }
}
