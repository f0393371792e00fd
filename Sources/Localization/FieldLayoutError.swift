/// Why a field layout could not be used. Each description is one line naming the file and the fix.
public enum FieldLayoutError: Error, Equatable, CustomStringConvertible {
    /// No file at the path and no official layout of that name.
    case notFound(nameOrPath: String)
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// Not WPILib's layout JSON.
    case invalidFormat(source: String, reason: String)
    /// Two tags share an id.
    case duplicateID(source: String, id: Int)
    /// A number is missing its meaning: not finite, a zero quaternion, a negative id or field size.
    case invalidValue(source: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let nameOrPath):
            "field layout \(nameOrPath) is neither an official layout name ("
                + FieldLayout.officialNames.joined(separator: ", ") + ") nor an existing file"
        case .unreadable(let path, let reason):
            "field layout file \(path) cannot be read (\(reason)); check its permissions"
        case .invalidFormat(let source, let reason):
            "field layout \(source) is not WPILib's AprilTag layout JSON (\(reason)); expected "
                + #"{"tags": [{"ID": n, "pose": {"translation": {"x", "y", "z"}, "rotation": {"quaternion": "#
                + #"{"W", "X", "Y", "Z"}}}}], "field": {"length", "width"}}"#
        case .duplicateID(let source, let id):
            "field layout \(source) lists tag \(id) more than once; keep one pose per tag id"
        case .invalidValue(let source, let reason):
            "field layout \(source) has an unusable value: \(reason)"
        }
    }
}
