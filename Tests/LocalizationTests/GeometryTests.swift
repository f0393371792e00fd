import Foundation
import Localization
import Testing

@Suite struct GeometryTests {
    private func close(_ a: Translation3, _ b: Translation3, _ tolerance: Double = 1e-12) -> Bool {
        abs(a.x - b.x) < tolerance && abs(a.y - b.y) < tolerance && abs(a.z - b.z) < tolerance
    }

    private func close(_ a: Rotation3, _ b: Rotation3, _ tolerance: Double = 1e-12) -> Bool {
        a.angle(to: b) < tolerance
    }

    @Test func rollPitchYawMatchWPILib() {
        // Yaw 90: X forward turns to +Y (left).
        let yaw = Rotation3(rollDegrees: 0, pitchDegrees: 0, yawDegrees: 90)
        #expect(close(Translation3(x: 1, y: 0, z: 0).rotated(by: yaw), Translation3(x: 0, y: 1, z: 0)))
        #expect(abs(yaw.w - 0.5.squareRoot()) < 1e-15 && abs(yaw.z - 0.5.squareRoot()) < 1e-15)
        // Pitch +30: X forward turns toward -Z (nose down), WPILib's convention.
        let pitch = Rotation3(rollDegrees: 0, pitchDegrees: 30, yawDegrees: 0)
        #expect(close(Translation3(x: 1, y: 0, z: 0).rotated(by: pitch), Translation3(x: cos(.pi / 6), y: 0, z: -0.5)))
        // Roll 90: Y (left) turns to +Z.
        let roll = Rotation3(rollDegrees: 90, pitchDegrees: 0, yawDegrees: 0)
        #expect(close(Translation3(x: 0, y: 1, z: 0).rotated(by: roll), Translation3(x: 0, y: 0, z: 1)))
        // Extrinsic X, Y, Z: roll first, then pitch, then yaw.
        let combined = Rotation3(rollDegrees: 10, pitchDegrees: -20, yawDegrees: 30)
        let stepwise = Rotation3(rollDegrees: 10, pitchDegrees: 0, yawDegrees: 0)
            .rotated(by: Rotation3(rollDegrees: 0, pitchDegrees: -20, yawDegrees: 0))
            .rotated(by: Rotation3(rollDegrees: 0, pitchDegrees: 0, yawDegrees: 30))
        #expect(close(combined, stepwise))
        let angles = combined.rollPitchYawDegrees
        #expect(abs(angles.roll - 10) < 1e-9 && abs(angles.pitch + 20) < 1e-9 && abs(angles.yaw - 30) < 1e-9)
    }

    @Test func rotationVectorRoundTrips() {
        let v = Translation3(x: 0.3, y: -0.2, z: 1.1)
        let r = Rotation3(rotationVector: v)
        #expect(abs(r.angle - v.norm) < 1e-12)
        #expect(close(r.rotationVector, v))
        #expect(Rotation3(w: 0, x: 0, y: 0, z: 0) == nil)
        #expect(Rotation3(w: .nan, x: 0, y: 0, z: 1) == nil)
        #expect(Rotation3(w: 2, x: 0, y: 0, z: 0) == .identity)
    }

    @Test func composeAndInverseByHand() {
        // Robot at (1, 2, 0) facing +Y; camera 0.5 m ahead of the robot centre and 0.3 m up.
        let fieldToRobot = Pose3(
            translation: Translation3(x: 1, y: 2, z: 0),
            rotation: Rotation3(rollDegrees: 0, pitchDegrees: 0, yawDegrees: 90)
        )
        let robotToCamera = Transform3(translation: Translation3(x: 0.5, y: 0, z: 0.3), rotation: .identity)
        let fieldToCamera = fieldToRobot.transformed(by: robotToCamera)
        #expect(close(fieldToCamera.translation, Translation3(x: 1, y: 2.5, z: 0.3)))
        #expect(close(fieldToCamera.rotation, fieldToRobot.rotation))
        // Back again.
        let back = fieldToCamera.transformed(by: robotToCamera.inverse)
        #expect(close(back.translation, fieldToRobot.translation))
        // T then T^-1 is the identity; relative poses undo composition.
        let t = Transform3(
            translation: Translation3(x: 0.2, y: -1, z: 3),
            rotation: Rotation3(rollDegrees: 5, pitchDegrees: 40, yawDegrees: -70)
        )
        let identity = t.then(t.inverse)
        #expect(close(identity.translation, .zero) && close(identity.rotation, .identity))
        #expect(close(fieldToCamera.relative(to: fieldToRobot).translation, robotToCamera.translation))
        // A point 1 m ahead of the camera is 1 m further along +Y on the field.
        #expect(
            close(fieldToCamera.transform.apply(to: Translation3(x: 1, y: 0, z: 0)), Translation3(x: 1, y: 3.5, z: 0.3))
        )
    }

    @Test func cameraAxesConversion() {
        // OpenCV (x right, y down, z forward) -> WPILib (X forward, Y left, Z up).
        let p = CameraAxes.wpilib(fromOpenCV: Translation3(x: 1, y: 2, z: 3))
        #expect(p == Translation3(x: 3, y: -1, z: -2))
        #expect(CameraAxes.openCV(fromWPILib: p) == Translation3(x: 1, y: 2, z: 3))
        // A turn about OpenCV's y (down) by +theta turns z (forward) toward +x (right): that is a turn about WPILib's
        // Z (up) by -theta.
        let theta = 0.4
        let openCV = Rotation3(rotationVector: Translation3(x: 0, y: theta, z: 0))
        let wpilib = CameraAxes.wpilib(fromOpenCV: openCV)
        #expect(close(wpilib, Rotation3(rotationVector: Translation3(x: 0, y: 0, z: -theta)), 1e-12))
        // solvePnP's tag straight ahead, facing the camera (tag z out of its face = toward the camera = OpenCV -z):
        // identity rotation in WPILib terms would mean the tag's X points forward (away); a tag facing the camera
        // has its X pointing back at the camera, i.e. yaw 180.
        let facing = CameraAxes.cameraToObject(
            openCVRotationVector: Translation3(x: 0, y: .pi, z: 0), translation: Translation3(x: 0, y: 0, z: 2)
        )
        #expect(close(facing.translation, Translation3(x: 2, y: 0, z: 0)))
        #expect(close(facing.rotation, Rotation3(rollDegrees: 0, pitchDegrees: 0, yawDegrees: 180), 1e-12))
    }
}
