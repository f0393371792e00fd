/// A rigid transform from one frame to another (WPILib's `Transform3d`): where the child frame's origin and axes
/// are in the parent frame. `cameraToTag` maps tag coordinates to camera coordinates.
public struct Transform3: Hashable, Sendable {
    public var translation: Translation3
    public var rotation: Rotation3

    public init(translation: Translation3, rotation: Rotation3) {
        self.translation = translation
        self.rotation = rotation
    }

    public static let identity = Transform3(translation: .zero, rotation: .identity)

    /// The transform that takes the frame of `initial` to the frame of `last` (WPILib's `Transform3d(initial, last)`).
    public init(from initial: Pose3, to last: Pose3) {
        let inverse = initial.rotation.inverse
        self.init(
            translation: (last.translation - initial.translation).rotated(by: inverse),
            rotation: inverse * last.rotation
        )
    }

    /// The transform back from the child frame to the parent frame.
    public var inverse: Transform3 {
        let inverse = self.rotation.inverse
        return Transform3(translation: (-self.translation).rotated(by: inverse), rotation: inverse)
    }

    /// This transform followed by `next` (WPILib's `Transform3d.plus`): `aToB.then(bToC)` is `aToC`.
    public func then(_ next: Transform3) -> Transform3 {
        Transform3(
            translation: self.translation + next.translation.rotated(by: self.rotation),
            rotation: self.rotation * next.rotation
        )
    }

    /// A point given in the child frame, in the parent frame.
    public func apply(to point: Translation3) -> Translation3 { self.translation + point.rotated(by: self.rotation) }

    /// Whether every number is finite.
    public var isFinite: Bool {
        self.translation.isFinite
            && [self.rotation.w, self.rotation.x, self.rotation.y, self.rotation.z].allSatisfy(\.isFinite)
    }
}
