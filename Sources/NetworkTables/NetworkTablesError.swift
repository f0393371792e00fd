/// An error from the NetworkTables client or publishers. Each says what happened and what to do next.
public struct NetworkTablesError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of error.
    public enum Code: Hashable, Sendable {
        /// The TCP connection or WebSocket upgrade to the server failed.
        case connectionFailed
        /// The server accepted the WebSocket but with no NT4 subprotocol.
        case subprotocolRejected
        /// The server sent something that is not NT4 (bad JSON or MessagePack, wrong frame kind).
        case protocolViolation
        /// The server stopped answering time sync messages within the configured timeout.
        case serverTimedOut
        /// The server closed the connection.
        case connectionClosed
        /// A value's type does not match the type its topic was published with.
        case typeMismatch
        /// The topic handle does not belong to this client or was unpublished.
        case unknownTopic
        /// A configuration value is invalid.
        case invalidConfiguration
    }

    /// The kind of error.
    public let code: Code
    /// What happened and what to do next.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "NetworkTablesError.\(self.code): \(self.message)" }
}
