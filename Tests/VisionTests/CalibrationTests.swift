import Foundation
import TestSupport
import Testing
import Vision

@Suite("Camera calibration loading")
struct CalibrationTests {
    @Test(.enabled(if: TestData.available, "shared test data not present"))
    func loadsTheLifeCamCalibration() throws {
        let c = try CameraCalibration.load(path: SharedTestData.path("calibration/lifecam240p.json"))
        #expect(c.width == 320 && c.height == 240)
        #expect(abs(c.fx - 353.746532) < 1e-6 && abs(c.cy - 119.8945718) < 1e-6)
        #expect(c.distortion.count == 5)
        let scaled = c.scaled(toWidth: 640, height: 480)
        #expect(abs(scaled.fx - 2 * c.fx) < 1e-9)
    }

    @Test func missingFileIsReported() {
        #expect(throws: CalibrationError.fileNotFound(path: "/nonexistent/cal.json")) {
            try CameraCalibration.load(path: "/nonexistent/cal.json")
        }
    }

    @Test func badContentsAreReportedWithTheirKind() throws {
        func parse(_ text: String) -> CalibrationError? {
            do {
                _ = try CameraCalibration.parse(Data(text.utf8), path: "x.json")
                return nil
            } catch {
                return error
            }
        }
        guard case .invalidFormat = parse("not json") else { Issue.record("garbage accepted"); return }
        guard case .invalidFormat = parse(#"{"resolution": {"width": 320, "height": 240}}"#) else {
            Issue.record("missing intrinsics accepted"); return
        }
        guard case .invalidValue = parse(
            #"{"resolution": {"width": 320, "height": 240}, "cameraIntrinsics": {"data": [1, 2, 3]}}"#
        ) else { Issue.record("3-number matrix accepted"); return }
        guard case .invalidValue = parse(
            #"{"resolution": {"width": 320, "height": 240}, "cameraIntrinsics": {"data": [0, 0, 160, 0, 0, 120, 0, 0, 1]}}"#
        ) else { Issue.record("zero focal length accepted"); return }
        let ok = try CameraCalibration.parse(
            Data(#"{"resolution": {"width": 320, "height": 240}, "cameraIntrinsics": {"data": [300, 0, 160, 0, 300, 120, 0, 0, 1]}, "distCoeffs": {"data": [0.1, 0, 0, 0, 0]}}"#.utf8)
        )
        #expect(ok.fx == 300 && ok.distortion.count == 5)
        #expect(parse("{}")?.description.contains("cameraIntrinsics") == true)
    }
}
