/// Why a `FieldPoseEstimator` cannot be made.
public enum LocalizationError: Error, Equatable, CustomStringConvertible {
    /// A setting is out of range; the message names it.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .invalidArgument(let message): "invalid localization setting: \(message)"
        }
    }
}
