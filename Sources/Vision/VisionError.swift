import CVision

/// An error from the vision layer: OpenCV, AprilTag, files, streams and arguments.
public enum VisionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An argument was out of range; fix the call or the configuration.
    case invalidArgument(String)
    /// OpenCV raised an exception (message included); usually a bad image or parameter.
    case openCV(String)
    /// A file or stream could not be opened, read or written.
    case io(String)
    /// Memory ran out.
    case outOfMemory
    /// A capture gave no frame (end of file, dropped stream, missing device).
    case noFrame(String)
    /// Any other failure inside the native code.
    case native(String)

    public var description: String {
        switch self {
        case .invalidArgument(let message): "invalid argument: \(message); fix the call or the configuration"
        case .openCV(let message): "OpenCV error: \(message); check the image and the pipeline's parameters"
        case .io(let message): "I/O error: \(message); check the path, URL or device and its permissions"
        case .outOfMemory: "out of memory; lower the frame size or the number of cameras"
        case .noFrame(let message): "no frame: \(message); check that the camera or stream is connected"
        case .native(let message): "native error: \(message); run with log level debug and report it"
        }
    }

    /// Throws the error matching `status` (with the shim's last message) unless it is `CVISION_OK`.
    static func check(_ status: cvision_status, _ context: @autoclosure () -> String) throws(VisionError) {
        if status == .CVISION_OK { return }
        let detail = String(cString: cvision_last_error())
        let message = detail.isEmpty ? context() : "\(context()): \(detail)"
        switch status {
        case .CVISION_OK: return
        case .CVISION_ERR_ARGUMENT: throw .invalidArgument(message)
        case .CVISION_ERR_OPENCV: throw .openCV(message)
        case .CVISION_ERR_IO: throw .io(message)
        case .CVISION_ERR_ALLOC: throw .outOfMemory
        case .CVISION_ERR_NO_FRAME: throw .noFrame(message)
        case .CVISION_ERR_UNKNOWN: throw .native(message)
        }
    }
}
