/// A MessagePack frame could not be decoded.
///
/// Thrown by the NT4 binary decoder when a server sends bytes that are not the MessagePack subset NT4 uses.
/// The client treats it as a protocol error: it logs it and reconnects.
public struct MessagePackError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: Hashable, Sendable {
        /// The input ended inside a value.
        case truncated
        /// A format byte other than the expected kind.
        case unexpectedFormat
        /// A string was not valid UTF-8.
        case invalidUTF8
        /// A number does not fit the requested type.
        case outOfRange
        /// An NT4 value message was not a 4-element array or had an invalid field.
        case invalidMessage
    }

    /// What went wrong.
    public let code: Code
    /// Byte offset in the input where the problem was found.
    public let offset: Int
    /// A human-readable explanation.
    public let detail: String

    /// Creates an error.
    public init(_ code: Code, at offset: Int, _ detail: String) {
        self.code = code
        self.offset = offset
        self.detail = detail
    }

    public var description: String {
        "MessagePack decoding failed at byte \(self.offset): \(self.detail)"
    }
}
