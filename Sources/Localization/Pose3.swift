/// A position and orientation in a parent frame, e.g. the field (WPILib's `Pose3d`).
public struct Pose3: Hashable, Sendable {
    public var translation: Translation3
    public var rotation: Rotation3

    public init(translation: Translation3, rotation: Rotation3) {
        self.translation = translation
        self.rotation = rotation
    }

    /// The pose that `transform` describes relative to the parent frame (its child frame's origin and axes).
    public init(_ transform: Transform3) {
        self.init(translation: transform.translation, rotation: transform.rotation)
    }

    /// The transform from the parent frame to this pose's frame.
    public var transform: Transform3 { Transform3(translation: self.translation, rotation: self.rotation) }

    /// The pose reached by moving `transform` in this pose's own frame (WPILib's `transformBy`):
    /// `fieldToCamera.transformed(by: cameraToTag)` is `fieldToTag`.
    public func transformed(by transform: Transform3) -> Pose3 { Pose3(self.transform.then(transform)) }

    /// This pose seen from `origin`'s frame (WPILib's `relativeTo`).
    public func relative(to origin: Pose3) -> Pose3 { Pose3(Transform3(from: origin, to: self)) }
}
