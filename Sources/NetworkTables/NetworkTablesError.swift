/// An error from the NetworkTables client or publishers. Each message says what happened and what to do next.
public enum NetworkTablesError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The TCP connection or WebSocket upgrade to the server failed.
    case connectionFailed(String)
    /// The server accepted the WebSocket but with no NT4 subprotocol.
    case subprotocolRejected(String)
    /// The server sent something that is not NT4 (bad JSON or MessagePack, wrong frame kind).
    case protocolViolation(String)
    /// The server stopped answering time sync messages within the configured timeout.
    case serverTimedOut(String)
    /// The server closed the connection.
    case connectionClosed(String)
    /// A value's type does not match the type its topic was published with.
    case typeMismatch(String)
    /// The topic handle does not belong to this client or was unpublished.
    case unknownTopic(String)
    /// A configuration value is invalid.
    case invalidConfiguration(String)

    /// What happened and what to do next.
    public var message: String {
        switch self {
        case .connectionFailed(let message), .subprotocolRejected(let message), .protocolViolation(let message),
            .serverTimedOut(let message), .connectionClosed(let message), .typeMismatch(let message),
            .unknownTopic(let message), .invalidConfiguration(let message):
            message
        }
    }

    public var description: String { self.message }
}
