/// Why a configuration could not be loaded. The message names the file, key or variable to fix.
public enum ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The config file could not be read.
    case unreadable(path: String, reason: String)
    /// The file, a `--set` flag or an environment variable is not valid YAML.
    case syntax(source: String, reason: String)
    /// A key that no setting has (usually a typo).
    case unknownKey(source: String, path: String, known: [String])
    /// A key that an earlier release read and that now lives elsewhere.
    case movedKey(source: String, path: String, newPath: String)
    /// A value of the wrong type or shape.
    case badValue(path: String, reason: String)
    /// Values that are well-formed but do not make sense.
    case invalid(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read config file \(path): \(reason)"
        case .syntax(let source, let reason): "\(source) is not valid YAML: \(reason)"
        case .unknownKey(let source, let path, let known):
            "\(source): unknown key `\(path)`; known keys here: \(known.joined(separator: ", "))"
        case .movedKey(let source, let path, let newPath):
            "\(source): `\(path)` has moved; set `\(newPath)` instead"
        case .badValue(let path, let reason): "bad value for `\(path)`: \(reason)"
        case .invalid(let reason): "invalid configuration: \(reason)"
        }
    }
}
