/// Why a camera calibration file could not be used.
public enum CalibrationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No file at the path: check the path (relative paths resolve from the working directory).
    case fileNotFound(path: String)
    /// The file exists but could not be read (permissions?).
    case unreadable(path: String, reason: String)
    /// The file is not valid JSON, or lacks the OpenCV calibration layout.
    case invalidFormat(path: String, reason: String)
    /// The numbers are present but unusable (non-positive focal length, wrong matrix size, ...).
    case invalidValue(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "calibration file \(path) does not exist; pass the path of an OpenCV camera calibration JSON file"
        case .unreadable(let path, let reason):
            "calibration file \(path) cannot be read (\(reason)); check its permissions"
        case .invalidFormat(let path, let reason):
            "calibration file \(path) is not an OpenCV calibration JSON (\(reason)); expected keys "
                + "\"resolution\", \"cameraIntrinsics\".data (9 numbers) and \"distCoeffs\".data"
        case .invalidValue(let path, let reason):
            "calibration file \(path) has unusable values: \(reason); recalibrate the camera"
        }
    }
}
