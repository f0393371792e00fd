import Foundation
import TestSupport
import Vision

/// Vision fixtures: which shared images are present (``SharedTestData`` finds them), their nominal distances, and
/// a known calibration for synthetic renders.
enum TestData {
    /// Whether the 2019 images and their calibration are present; prints why the tests skip when not.
    static var available: Bool {
        SharedTestData.isAvailable(["2019", "calibration/lifecam240p.json"], for: "the 2019 real-image tests")
    }

    /// Whether the AprilTag images and their calibration are present; prints why the tests skip when not.
    static var aprilTagsAvailable: Bool {
        SharedTestData.isAvailable(
            ["apriltag/tag1_640_480.jpg", "calibration/lifecam480p.json"], for: "the AprilTag real-image tests"
        )
    }

    /// Nominal distance in metres from a file name such as `LoadingStraightDark48in.jpg`.
    static func nominalMeters(_ name: String) -> Double? {
        guard let range = name.range(of: #"(\d+)in"#, options: .regularExpression) else { return nil }
        return Double(name[range].dropLast(2)).map { $0 * 0.0254 }
    }

    /// The LifeCam 640x480 calibration (copied from lifecam480p.json) so synthetic tests run anywhere.
    static let lifecam480p = CameraCalibration(
        width: 640, height: 480, fx: 699.3778103, fy: 677.7161226393, cx: 345.6059345, cy: 207.12741326,
        distortion: [0.17842191662635046, -1.5061050103964713, 0.0045503870319334875, -0.001883521164583945,
                     3.0777378558802435]
    )
}
