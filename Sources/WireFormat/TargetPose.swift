/// One solution of a target's pose: the camera-to-target transform and how well it reprojects.
///
/// Wire layout (32 bytes): ``Transform3D`` (28), then `f32` reprojection error in pixels.
public struct TargetPose: Hashable, Sendable {
    /// Camera to target, in WPILib's camera frame (X forward, Y left, Z up); the target frame is PhotonVision's
    /// (X out of the target's face, Y to the viewer's right, Z up).
    public var cameraToTarget: Transform3D
    /// Mean corner reprojection error of this solution, pixels.
    public var reprojectionErrorPixels: Float

    public init(cameraToTarget: Transform3D, reprojectionErrorPixels: Float) {
        self.cameraToTarget = cameraToTarget
        self.reprojectionErrorPixels = reprojectionErrorPixels
    }

    /// Size on the wire.
    static let encodedSize = Transform3D.encodedSize + 4

    @inline(__always)
    func encode(into writer: inout ByteWriter) {
        self.cameraToTarget.encode(into: &writer)
        writer.write(self.reprojectionErrorPixels)
    }

    init(decoding reader: inout ByteReader) throws(WireFormatError) {
        self.cameraToTarget = try Transform3D(
            decoding: &reader, translation: "target pose translation", rotation: "target pose rotation")
        self.reprojectionErrorPixels = try reader.readFloat("target pose reprojection error", limit: FloatLimit.score)
    }

    /// Checks an encoded pose in place as ``init(decoding:)`` does (see ``FrameCheck``).
    @inline(__always)
    static func check(_ check: inout FrameCheck) -> Bool {
        guard Transform3D.check(&check), check.has(4) else { return false }
        check.float(at: 0, limit: FloatLimit.score)
        check.skip(4)
        return true
    }
}
