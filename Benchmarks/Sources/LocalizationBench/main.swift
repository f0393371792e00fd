import Foundation
import Localization
import Vision
import WireFormat

// The multi-tag solve's cost per frame (issue: under 1 ms with 8 tags, release build): eight layout tags on a wall
// 3.5 m ahead, projected through a distorted 1280x720 camera with 0.2 px of noise, solved by the estimator the
// targeting pipeline runs (each tag's two IPPE solutions, then SQPnP + Levenberg-Marquardt over all 32 corners).
// Prints medians and p90 over `--runs` frames (default 2000) after 50 warm-up frames; `--json` for one object.

let arguments = CommandLine.arguments.dropFirst()
let runs = arguments.firstIndex(of: "--runs").flatMap { Int(arguments[arguments.index(after: $0)]) } ?? 2000
guard runs >= 10 else {
    FileHandle.standardError.write(Data("error: --runs must be at least 10\n".utf8))
    exit(2)
}
let calibration = CameraCalibration(
    width: 1280, height: 720, fx: 910, fy: 905, cx: 643.2, cy: 357.9, distortion: [-0.11, 0.06, 0.0004, -0.0003, 0]
)
let entries = (0..<8).map { index in
    let y = 3.0 + Double(index % 4) * 0.6
    let z = index < 4 ? 0.6 : 1.2
    return #"{"ID": \#(index + 1), "pose": {"translation": {"x": 6, "y": \#(y), "z": \#(z)}, "#
        + #""rotation": {"quaternion": {"W": 0, "X": 0, "Y": 0, "Z": 1}}}}"#
}
let layout = try FieldLayout.parse(
    Data(#"{"tags": [\#(entries.joined(separator: ", "))], "field": {"length": 16.5, "width": 8}}"#.utf8)
)
let fieldToCamera = Pose3(
    translation: Translation3(x: 2.5, y: 4.1, z: 0.7),
    rotation: Rotation3(rollDegrees: 2, pitchDegrees: -8, yawDegrees: 6)
)

/// A field point's pixel through the distorted camera (AprilTag's +0.5 pixel convention), with noise.
func project(_ point: Translation3) -> ImagePoint {
    let p = CameraAxes.openCV(fromWPILib: fieldToCamera.transform.inverse.apply(to: point))
    let (x, y) = (p.x / p.z, p.y / p.z)
    let d = calibration.distortion
    let r2 = x * x + y * y
    let radial = 1 + r2 * (d[0] + r2 * (d[1] + r2 * d[4]))
    let xd = x * radial + 2 * d[2] * x * y + d[3] * (r2 + 2 * x * x)
    let yd = y * radial + d[2] * (r2 + 2 * y * y) + 2 * d[3] * x * y
    return ImagePoint(
        x: Float(calibration.fx * xd + calibration.cx + 0.5 + Double.random(in: -0.2...0.2)),
        y: Float(calibration.fy * yd + calibration.cy + 0.5 + Double.random(in: -0.2...0.2))
    )
}

let tags = layout.tags.compactMap { tag in
    TagObservation(
        id: tag.id, corners: FieldPoseEstimator.tagCorners(size: 0.1651).map { project(tag.pose.transform.apply(to: $0)) }
    )
}
let estimator = try FieldPoseEstimator(layout: layout, calibration: calibration)
var result = LocalizationResult()

/// Microseconds per call of `body`: (median, p90) over `runs` calls.
func time(_ body: () -> Void) -> (median: Double, p90: Double) {
    var samples: [Double] = []
    samples.reserveCapacity(runs)
    for _ in 0..<runs {
        let start = MonotonicClock.now()
        body()
        samples.append(Double(MonotonicClock.now() - start) / 1000)
    }
    samples.sort()
    return (samples[runs / 2], samples[runs * 9 / 10])
}

for _ in 0..<50 { estimator.estimate(tags, into: &result) }
let eight = time { estimator.estimate(tags, into: &result) }
let single = time { estimator.estimate([tags[0]], into: &result) }
estimator.estimate(tags, into: &result)
let error = (result.fieldPose?.fieldToCamera.translation).map { $0.distance(to: fieldToCamera.translation) } ?? .nan
let multiTagOnly = eight.median - 8 * single.median
if arguments.contains("--json") {
    let object: [String: Any] = [
        "estimate_8_tags_median_us": eight.median, "estimate_8_tags_p90_us": eight.p90,
        "single_tag_median_us": single.median, "multi_tag_part_median_us": multiTagOnly,
        "position_error_m": error, "runs": runs,
    ]
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
} else {
    print(String(format: "8 tags, whole estimate: median %.1f us, p90 %.1f us per frame (%d frames)", eight.median, eight.p90, runs))
    print(String(format: "one tag: median %.1f us; the multi-tag solve itself: about %.1f us (budget 1000 us)", single.median, multiTagOnly))
    print(String(format: "camera position error on this synthetic frame: %.2f cm", error * 100))
}
