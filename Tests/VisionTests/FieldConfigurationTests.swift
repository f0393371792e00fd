import Testing
import WireFormat

@testable import Vision

/// `field.robot_to_camera` and `--robot-to-camera`: parsing, the checks, and the transform.
struct FieldConfigurationTests {
    @Test func parsesSixCommaSeparatedNumbers() throws {
        let parsed = try RobotToCamera(commaSeparated: "0.3, 0,0.5 ,0,-15,180")
        #expect(parsed == RobotToCamera(xMeters: 0.3, yMeters: 0, zMeters: 0.5, rollDegrees: 0, pitchDegrees: -15, yawDegrees: 180))
        let t = parsed.transform
        #expect(t.x == 0.3 && t.y == 0 && t.z == 0.5)
        // Pitch -15 then yaw 180: q = (0, sin 7.5°, 0, cos 7.5°) up to sign.
        #expect(abs(abs(t.qz) - 0.9914449) < 1e-6 && abs(abs(t.qx) - 0.1305262) < 1e-6 && abs(t.qw) < 1e-6)
    }

    @Test(arguments: ["", "1,2,3", "1,2,3,4,5,6,7", "1,2,x,4,5,6", "1,,3,4,5,6", "nan,0,0,0,0,0", "0,0,0,0,inf,0",
                      "11,0,0,0,0,0", "0,0,-10.5,0,0,0", "0,0,0,361,0,0", "0,0,0,0,0,-400"])
    func rejectsWhatIsNotSixSaneNumbers(text: String) {
        #expect(throws: VisionError.self) { try RobotToCamera(commaSeparated: text) }
    }

    @Test func limitsAreInclusive() throws {
        _ = try RobotToCamera(commaSeparated: "10,-10,0,360,-360,0")
    }

    @Test func configurationErrorsNameTheKey() {
        var field = FieldConfiguration(layout: "2026-rebuilt-welded")
        field.robotToCamera.pitchDegrees = .nan
        #expect {
            try field.validate()
        } throws: { error in
            guard case .invalidArgument(let message) = error as? VisionError else { return false }
            return message.hasPrefix("field.robot_to_camera.pitch_degrees is nan") && !message.contains("\n")
        }
        field.robotToCamera = RobotToCamera(xMeters: 25)
        #expect(throws: VisionError.invalidArgument(
            "field.robot_to_camera.x_meters is 25.0; it must be a finite number of metres within ±10")) {
            try field.validate()
        }
        #expect(throws: Never.self) { try FieldConfiguration().validate() }
        #expect(!FieldConfiguration().isEnabled && field.isEnabled)
    }
}
