import WireFormat

/// The `field_pose` of a `targeting eval` line: the **camera's** pose on the field in WPILib's JSON form
/// (`Pose3d` as WPILib's JSON serializer writes it), plus how it was solved.
///
/// ```json
/// {"translation": {"x": 1, "y": 2, "z": 0.5}, "rotation": {"quaternion": {"W": 1, "X": 0, "Y": 0, "Z": 0}},
///  "tags_used": [7, 8], "reprojection_error_px": 0.4, "multi_tag": true}
/// ```
struct EvaluationFieldPose: Encodable {
    struct Translation: Encodable {
        var x: Double
        var y: Double
        var z: Double
    }

    struct Quaternion: Encodable {
        var W: Double
        var X: Double
        var Y: Double
        var Z: Double
    }

    struct Rotation: Encodable {
        var quaternion: Quaternion
    }

    var translation: Translation
    var rotation: Rotation
    var tags_used: [Int]
    var reprojection_error_px: Double
    var multi_tag: Bool

    init(_ pose: FieldPose) {
        let camera = pose.fieldToCamera
        self.translation = Translation(x: Double(camera.x), y: Double(camera.y), z: Double(camera.z))
        self.rotation = Rotation(
            quaternion: Quaternion(W: Double(camera.qw), X: Double(camera.qx), Y: Double(camera.qy), Z: Double(camera.qz)))
        self.tags_used = pose.tagIDs.map(Int.init)
        self.reprojection_error_px = Double(pose.reprojectionErrorPixels)
        self.multi_tag = pose.isMultiTag
    }
}
