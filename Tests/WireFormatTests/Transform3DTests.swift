import Testing
import WireFormat

/// ``Transform3D`` from roll/pitch/yaw degrees, against hand-computed quaternions and WPILib's `Rotation3d`.
struct Transform3DTests {
    private func expectQuaternion(
        _ t: Transform3D, _ w: Double, _ x: Double, _ y: Double, _ z: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let actual = [t.qw, t.qx, t.qy, t.qz].map(Double.init)
        let expected = [w, x, y, z]
        #expect(zip(actual, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(actual) != \(expected)",
            sourceLocation: sourceLocation)
    }

    @Test func translationIsKeptAndZeroAnglesAreTheIdentity() {
        let t = Transform3D(x: 0.3, y: -0.1, z: 0.5, rollDegrees: 0, pitchDegrees: 0, yawDegrees: 0)
        #expect(t == Transform3D(x: 0.3, y: -0.1, z: 0.5))
    }

    @Test func singleAxisRotationsUseHalfAngles() {
        let half = 0.5.squareRoot()
        self.expectQuaternion(Transform3D(x: 0, y: 0, z: 0, rollDegrees: 0, pitchDegrees: 0, yawDegrees: 90), half, 0, 0, half)
        self.expectQuaternion(Transform3D(x: 0, y: 0, z: 0, rollDegrees: 90, pitchDegrees: 0, yawDegrees: 0), half, half, 0, 0)
        // A camera tilted up 15 degrees (WPILib: negative pitch looks up): cos 7.5°, -sin 7.5° about Y.
        self.expectQuaternion(
            Transform3D(x: 0, y: 0, z: 0, rollDegrees: 0, pitchDegrees: -15, yawDegrees: 0), 0.9914448613738104, 0,
            -0.13052619222005157, 0)
    }

    /// Roll 90 then yaw 90 (extrinsic X then Z: Rz·Rx) is (½, ½, ½, ½); the other order would give y = -½.
    @Test func rotationsAreExtrinsicRollThenPitchThenYaw() {
        self.expectQuaternion(
            Transform3D(x: 0, y: 0, z: 0, rollDegrees: 90, pitchDegrees: 0, yawDegrees: 90), 0.5, 0.5, 0.5, 0.5)
    }

    /// `Rotation3d(0.1, 0.2, 0.3)` (radians) in robotpy-wpimath 2026.2.2 has this quaternion.
    @Test func matchesWPILibRotation3d() {
        let degrees = 180 / Double.pi
        self.expectQuaternion(
            Transform3D(x: 1, y: 2, z: 3, rollDegrees: 0.1 * degrees, pitchDegrees: 0.2 * degrees, yawDegrees: 0.3 * degrees),
            0.9833474432563558, 0.034270798550482096, 0.10602051106179562, 0.1435721750273919)
    }

    @Test(arguments: [-179.0, -90, -30, 0, 45, 135, 179])
    func yawIsRecoveredWithRollAndPitch(yaw: Double) {
        let t = Transform3D(x: 0, y: 0, z: 0, rollDegrees: 10, pitchDegrees: -20, yawDegrees: yaw)
        #expect(abs(t.yawDegrees - yaw) < 1e-3, "\(t.yawDegrees) != \(yaw)")
    }
}
