/// An error writing or reading a recording: files, disk space, or a log or video that does not parse.
public enum RecordingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A file could not be created, written, read or removed (`errno` text included).
    case io(path: String, reason: String)
    /// The disk (or the recording's file system) is full.
    case diskFull(path: String)
    /// A `.wpilog` or video file is not what the reader expects.
    case malformed(path: String, reason: String)
    /// An argument or setting was out of range.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .io(let path, let reason): "\(path): \(reason)"
        case .diskFull(let path): "\(path): no space left on the device; frames are dropped from the recording"
        case .malformed(let path, let reason): "\(path) is not a readable recording: \(reason)"
        case .invalidArgument(let message): "invalid argument: \(message)"
        }
    }
}
