/// Why a frame could not be decoded. Receivers count and log these and drop the frame.
public enum WireFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The frame does not start with the `RV` magic: it is not one of ours (or is garbage).
    case badMagic
    /// The frame's schema version is one this build does not understand; upgrade the older peer.
    case unsupportedVersion(UInt8)
    /// The message type byte is not a known ``MessageType``.
    case unknownType(UInt8)
    /// The frame ended before a field it declares.
    case truncated(needed: Int, received: Int)
    /// A field holds a value outside its documented range.
    case invalidField(String)
    /// A float field is NaN, infinite or beyond its limit (see `docs/wire-format.md`); `field` names it.
    case outOfRange(field: String, value: Float, limit: Float)

    public var description: String {
        switch self {
        case .badMagic: "not a robot-vision frame (bad magic)"
        case .unsupportedVersion(let version):
            "unsupported wire version \(version) (this build speaks \(WireFormat.version)); run matching versions"
        case .unknownType(let type): "unknown message type \(type)"
        case .truncated(let needed, let received): "truncated frame: needs \(needed) bytes, got \(received)"
        case .invalidField(let reason): "invalid field: \(reason)"
        case .outOfRange(let field, let value, let limit): "invalid field: \(field) is \(value), outside ±\(limit)"
        }
    }
}
