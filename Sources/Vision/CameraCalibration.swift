import CVision
import Foundation

/// Pinhole intrinsics and lens distortion of a camera at one resolution, as OpenCV calibrations give them.
public struct CameraCalibration: Hashable, Sendable, Codable {
    /// The resolution the calibration was made at.
    public var width: Int
    public var height: Int
    /// Focal lengths and principal point in pixels.
    public var fx: Double
    public var fy: Double
    public var cx: Double
    public var cy: Double
    /// OpenCV distortion coefficients k1, k2, p1, p2[, k3[, k4, k5, k6]].
    public var distortion: [Double]

    public init(width: Int, height: Int, fx: Double, fy: Double, cx: Double, cy: Double, distortion: [Double] = []) {
        self.width = width
        self.height = height
        self.fx = fx
        self.fy = fy
        self.cx = cx
        self.cy = cy
        self.distortion = distortion
    }

    /// A distortion-free calibration from a horizontal field of view, principal point at the centre.
    public static func ideal(width: Int, height: Int, horizontalFOVDegrees: Double) -> CameraCalibration {
        let f = Double(width) / 2 / tan(horizontalFOVDegrees * .pi / 360)
        return CameraCalibration(
            width: width, height: height, fx: f, fy: f, cx: Double(width) / 2 - 0.5, cy: Double(height) / 2 - 0.5
        )
    }

    /// Loads an OpenCV/PhotonVision calibration JSON file (`resolution`, `cameraIntrinsics.data` (3x3, row major),
    /// `distCoeffs.data`). Some files store the intrinsics under `cameraExtrinsics`; that is accepted too.
    public static func load(path: String) throws(CalibrationError) -> CameraCalibration {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        return try Self.parse(data, path: path)
    }

    /// Parses the JSON contents of a calibration file; `path` only labels errors.
    public static func parse(_ data: Data, path: String = "<memory>") throws(CalibrationError) -> CameraCalibration {
        struct Matrix: Decodable { var data: [Double] }
        struct Resolution: Decodable { var width: Double; var height: Double }
        struct File: Decodable {
            var resolution: Resolution?
            var cameraIntrinsics: Matrix?
            var cameraExtrinsics: Matrix?
            var distCoeffs: Matrix?
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw .invalidFormat(path: path, reason: "\(error)")
        }
        guard let intrinsics = file.cameraIntrinsics ?? file.cameraExtrinsics else {
            throw .invalidFormat(path: path, reason: "no cameraIntrinsics")
        }
        guard let resolution = file.resolution else { throw .invalidFormat(path: path, reason: "no resolution") }
        guard intrinsics.data.count == 9 else {
            throw .invalidValue(path: path, reason: "cameraIntrinsics has \(intrinsics.data.count) numbers, not 9")
        }
        let m = intrinsics.data
        guard m.allSatisfy(\.isFinite), m[0] > 0, m[4] > 0 else {
            throw .invalidValue(path: path, reason: "focal lengths must be positive and finite")
        }
        guard resolution.width >= 1, resolution.height >= 1 else {
            throw .invalidValue(path: path, reason: "resolution must be positive")
        }
        let distortion = file.distCoeffs?.data ?? []
        guard distortion.count <= 8, distortion.allSatisfy(\.isFinite) else {
            throw .invalidValue(path: path, reason: "distCoeffs must hold at most 8 finite numbers")
        }
        return CameraCalibration(
            width: Int(resolution.width), height: Int(resolution.height), fx: m[0], fy: m[4], cx: m[2], cy: m[5],
            distortion: distortion
        )
    }

    /// The same camera at another resolution (same field of view; intrinsics scale, distortion does not).
    public func scaled(toWidth newWidth: Int, height newHeight: Int) -> CameraCalibration {
        let sx = Double(newWidth) / Double(self.width)
        let sy = Double(newHeight) / Double(self.height)
        return CameraCalibration(
            width: newWidth, height: newHeight, fx: self.fx * sx, fy: self.fy * sy, cx: (self.cx + 0.5) * sx - 0.5,
            cy: (self.cy + 0.5) * sy - 0.5, distortion: self.distortion
        )
    }

    package var native: cvision_calibration {
        var c = cvision_calibration()
        c.fx = self.fx
        c.fy = self.fy
        c.cx = self.cx
        c.cy = self.cy
        let count = min(8, self.distortion.count)
        withUnsafeMutableBytes(of: &c.distortion) { raw in
            let d = raw.bindMemory(to: Double.self)
            for index in 0..<count { d[index] = self.distortion[index] }
        }
        c.distortion_count = Int32(count)
        return c
    }
}
