/// An error from the ``Streaming`` module.
///
/// The set of codes can grow without breaking callers: match on the static members.
public struct StreamingError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case invalidQueryParameter
        case invalidConfiguration
        case bindFailed
        case encodeFailed
        case alreadyStarted
    }

    private let code: Code
    /// A human-readable explanation.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A request's query parameter (`resolution=`, `fps=`, `compression=`) could not be parsed or is out of range.
    public static func invalidQueryParameter(_ message: String) -> Self { Self(.invalidQueryParameter, message) }
    /// A configuration value is out of range.
    public static func invalidConfiguration(_ message: String) -> Self { Self(.invalidConfiguration, message) }
    /// The server could not listen on its address and port.
    public static func bindFailed(_ message: String) -> Self { Self(.bindFailed, message) }
    /// A frame producer's encoder failed.
    public static func encodeFailed(_ message: String) -> Self { Self(.encodeFailed, message) }
    /// ``MJPEGServer/start()`` was called twice.
    public static func alreadyStarted(_ message: String) -> Self { Self(.alreadyStarted, message) }

    /// Whether two errors have the same code, ignoring the message.
    public func hasSameCode(as other: Self) -> Bool { self.code == other.code }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.code) }

    public var description: String { "StreamingError.\(self.code): \(self.message)" }
}
