/// A MessagePack frame could not be decoded.
///
/// Thrown by the NT4 binary decoder when a server sends bytes that are not the MessagePack subset NT4 uses.
/// The client treats it as a protocol error: it logs it and reconnects (nothing to fix on this side unless the
/// server is not an NT4 server).
public enum MessagePackError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input ended inside a value.
    case truncated(at: Int, String)
    /// A format byte other than the expected kind.
    case unexpectedFormat(at: Int, String)
    /// A string was not valid UTF-8.
    case invalidUTF8(at: Int, String)
    /// A number does not fit the requested type.
    case outOfRange(at: Int, String)
    /// An NT4 value message was not a 4-element array or had an invalid field.
    case invalidMessage(at: Int, String)

    /// Byte offset in the input where the problem was found.
    public var offset: Int {
        switch self {
        case .truncated(let offset, _), .unexpectedFormat(let offset, _), .invalidUTF8(let offset, _),
            .outOfRange(let offset, _), .invalidMessage(let offset, _):
            offset
        }
    }

    /// What was wrong at ``offset``.
    public var detail: String {
        switch self {
        case .truncated(_, let detail), .unexpectedFormat(_, let detail), .invalidUTF8(_, let detail),
            .outOfRange(_, let detail), .invalidMessage(_, let detail):
            detail
        }
    }

    /// The same error reported at `offset` (where the enclosing value starts).
    func reported(at offset: Int) -> Self {
        switch self {
        case .truncated(_, let detail): .truncated(at: offset, detail)
        case .unexpectedFormat(_, let detail): .unexpectedFormat(at: offset, detail)
        case .invalidUTF8(_, let detail): .invalidUTF8(at: offset, detail)
        case .outOfRange(_, let detail): .outOfRange(at: offset, detail)
        case .invalidMessage(_, let detail): .invalidMessage(at: offset, detail)
        }
    }

    public var description: String {
        "MessagePack decoding failed at byte \(self.offset): \(self.detail); the peer is not speaking NT4 MessagePack"
    }
}
