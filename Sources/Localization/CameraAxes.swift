/// The two camera axis conventions: OpenCV's (x right, y down, z forward) and WPILib's camera body frame
/// (X forward, Y left, Z up). The same relation holds for an AprilTag: WPILib's tag frame (X out of the face,
/// Y to the viewer's right, Z up) in OpenCV's convention is x = -Y, y = -Z, z = X.
public enum CameraAxes {
    /// A point in OpenCV camera coordinates, in WPILib camera coordinates.
    public static func wpilib(fromOpenCV p: Translation3) -> Translation3 { Translation3(x: p.z, y: -p.x, z: -p.y) }

    /// A point in WPILib camera coordinates, in OpenCV camera coordinates.
    public static func openCV(fromWPILib p: Translation3) -> Translation3 { Translation3(x: -p.y, y: -p.z, z: p.x) }

    /// A rotation between two frames that use OpenCV's axes, as the rotation between the same frames with WPILib's
    /// axes (`M^T R M`; e.g. a tag pose from `solvePnP` turned into WPILib's camera-to-tag rotation).
    public static func wpilib(fromOpenCV rotation: Rotation3) -> Rotation3 {
        Rotation3(matrix: Self.wpilibFromOpenCV * rotation.matrix * Self.wpilibFromOpenCV.transposed)
    }

    /// `solvePnP`'s pose of an object frame with OpenCV axes (rotation vector and translation) as the WPILib
    /// camera-to-object transform with WPILib axes on both sides.
    public static func cameraToObject(openCVRotationVector r: Translation3, translation t: Translation3) -> Transform3 {
        Transform3(
            translation: Self.wpilib(fromOpenCV: t), rotation: Self.wpilib(fromOpenCV: Rotation3(rotationVector: r))
        )
    }

    /// `solvePnP`'s pose of an object frame that already uses WPILib axes (the field: object points given in field
    /// coordinates) as the WPILib camera-to-object transform.
    public static func cameraToWPILibObject(openCVRotationVector r: Translation3, translation t: Translation3)
        -> Transform3
    {
        Transform3(
            translation: Self.wpilib(fromOpenCV: t),
            rotation: Rotation3(matrix: Self.wpilibFromOpenCV * Rotation3(rotationVector: r).matrix)
        )
    }

    /// `M^T`: maps OpenCV coordinates to WPILib coordinates (rows: X = z, Y = -x, Z = -y).
    private static let wpilibFromOpenCV = Matrix3(0, 0, 1, -1, 0, 0, 0, -1, 0)
}
