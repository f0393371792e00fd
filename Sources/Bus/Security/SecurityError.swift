/// Why a key, a key file or a CURVE setting could not be used. The message names the file or key to fix.
public enum SecurityError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Text that is not a 40-character Z85 CURVE key.
    case malformedKey(String)
    /// A key file that cannot be read or has no key line.
    case unreadableKeyFile(path: String, reason: String)
    /// A secret key file that others may read.
    case exposedSecretKey(path: String)
    /// `control keygen` would overwrite a key file.
    case keyFileExists(path: String)
    /// A key name that is not a plain file name.
    case badKeyName(String)
    /// A key file could not be written.
    case unwritable(path: String, reason: String)
    /// libzmq was built without CURVE (libsodium).
    case curveUnavailable

    public var description: String {
        switch self {
        case .malformedKey(let text): "`\(text.prefix(50))` is not a CURVE key (40 characters of Z85)"
        case .unreadableKeyFile(let path, let reason): "cannot read key file \(path): \(reason)"
        case .exposedSecretKey(let path):
            "secret key file \(path) is readable by other users; `chmod 600 \(path)`"
        case .keyFileExists(let path): "\(path) exists; refusing to overwrite a key (delete it first to replace it)"
        case .badKeyName(let name):
            "key name `\(name.prefix(80))` must be 1 to 64 letters, digits, `.`, `_` or `-`, not starting with `.`"
        case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
        case .curveUnavailable: "this libzmq has no CURVE support (it needs libsodium): zmq_has(\"curve\") is 0"
        }
    }
}
