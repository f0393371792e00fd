import Foundation
import TestSupport

/// AprilTag scenes of known camera pose on an official field layout, rendered into a temporary folder by
/// `Tests/LocalizationTests/peers/render_scene.py` (each checked with WPILib's detector), plus helpers of
/// `peers/field_scenes.py`: images without a layout tag, WPILib's robot poses, rescaled calibrations.
/// Call ``remove()`` when done.
struct RenderedField {
    typealias Pose = WPILibPoseJSON

    /// One rendered image: its file name, the camera's true pose, the layout tags in view and their distances from
    /// the camera (metres, in the order of `visible_ids`).
    struct Scene: Decodable {
        var image: String
        var field_to_camera: Pose
        var visible_ids: [Int]
        var distances_m: [Double]
    }

    private struct Index: Decodable {
        var layout: String
        var calibration: String
        var scenes: [Scene]
    }

    /// The Python modules the renderer and the helpers need.
    static let pythonModules = ["robotpy_apriltag", "cv2", "numpy", "wpimath"]
    static let renderer = "Tests/LocalizationTests/peers/render_scene.py"
    static let helpers = "Tests/IntegrationTests/peers/field_scenes.py"

    let directory: URL
    /// The official layout the scenes were rendered on (`2026-rebuilt-welded`).
    let layout: String
    /// The rendered camera's calibration (1280x720).
    let calibration: String
    let scenes: [Scene]

    /// Renders `count` scenes with 2 or more layout tags at 2-5 m (the same ones for the same `seed`).
    static func render(count: Int, seed: Int) async throws -> RenderedField {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("field-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let render = try await Python.run(
            Self.renderer, ["--out", directory.path, "--count", "\(count)", "--seed", "\(seed)"], timeout: .seconds(600)
        )
        guard render.status == 0 else {
            try? FileManager.default.removeItem(at: directory)
            throw TestFailure("render_scene.py failed (\(render.status)): \(render.output)")
        }
        let index = try JSONDecoder().decode(
            Index.self, from: Data(contentsOf: directory.appendingPathComponent("scenes.json"))
        )
        return RenderedField(
            directory: directory, layout: index.layout,
            calibration: directory.appendingPathComponent(index.calibration).path, scenes: index.scenes
        )
    }

    /// `targeting` settings for the AprilTag pipeline with field localization on the rendered images: the image-folder
    /// camera on `location` (the whole folder unless given) and `calibration` (the rendered camera's unless given).
    func targetingSettings(location: String? = nil, calibration: String? = nil) -> [String] {
        [
            "--set", "camera.kind=images", "--set", "camera.location=\(location ?? self.directory.path)",
            "--set", "calibration=\(calibration ?? self.calibration)", "--set", "pipeline.kind=apriltag",
            "--set", "field.layout=\(self.layout)",
        ]
    }

    /// The path of `image` in the folder.
    func path(_ image: String) -> String { self.directory.appendingPathComponent(image).path }

    /// Adds `blank` (no tag) and `foreign` (one tag `foreignID` that the layout lacks); returns the ids in each.
    func addImagesWithoutLayoutTags(blank: String, foreign: String, foreignID: Int) async throws -> [String: [Int]] {
        let result = try await Python.run(Self.helpers, ["extra", self.directory.path, blank, foreign, "\(foreignID)"])
        guard result.status == 0, let line = result.output.split(separator: "\n").last,
            let ids = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: [Int]]
        else { throw TestFailure("field_scenes.py extra failed: \(result.output)") }
        return ids
    }

    /// WPILib's robot pose (wpimath) for each scene, with the camera at `robotToCamera` (x,y,z,roll,pitch,yaw).
    func robotPoses(robotToCamera: String) async throws -> [String: Pose] {
        let result = try await Python.run(Self.helpers, ["robot", self.directory.path, robotToCamera])
        guard result.status == 0, let line = result.output.split(separator: "\n").last,
            let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw TestFailure("field_scenes.py robot failed: \(result.output)") }
        return try json.mapValues { try Pose(json: $0) }
    }

    /// Writes the calibration rescaled to `width` x `height` into the folder; returns its path.
    func calibration(width: Int, height: Int) async throws -> String {
        let path = self.path("calibration-\(width)x\(height).json")
        let result = try await Python.run(
            Self.helpers, ["calibration", self.calibration, path, "\(width)", "\(height)"]
        )
        guard result.status == 0 else { throw TestFailure("field_scenes.py calibration failed: \(result.output)") }
        return path
    }

    func remove() {
        try? FileManager.default.removeItem(at: self.directory)
    }
}
