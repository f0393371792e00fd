import ArgumentParser
import Foundation
import Localization
import ServiceRuntime
import Vision
import WireFormat

/// `targeting eval`: runs a pipeline over still images and prints one JSON object per image, then a summary.
///
/// Runs synchronously on the thread that calls it (a concurrency-pool thread, as the root command is async): a one-shot
/// tool with nothing else to schedule, so blocking that thread costs nothing.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run a vision pipeline over images and print one JSON line per image plus a summary line."
    )

    @Option(help: "Pipeline: \(PipelineKind.names).")
    var pipeline: PipelineKind

    @Option(help: "OpenCV camera calibration JSON (required for reflective2019; gives AprilTag distances).")
    var calibration: String?

    @Option(help: "AprilTag family: 36h11 or 16h5.")
    var family: String = "36h11"

    @Option(name: .customLong("tag-size-m"), help: "AprilTag edge length in metres (36h11 default 0.1651, 16h5 0.1524).")
    var tagSizeMeters: Double?

    @Option(help: "AprilTag quad decimation.")
    var quadDecimate: Float = 2

    @Option(help: "AprilTag Gaussian blur sigma before quad detection (0: none).")
    var quadSigma: Float = 0

    @Option(help: "AprilTag decode sharpening.")
    var decodeSharpening: Double = 0.25

    @Option(help: "Resize every image by this factor before processing (not timed).")
    var scale: Double = 1

    @Option(help: "AprilTag detector threads.")
    var threads: Int = 1

    @Option(help: "Reflective pipeline configuration JSON (Reflective2019Configuration keys; missing keys use defaults).")
    var config: String?

    @Option(help: "Process each image this many times (timing only; results are printed once).")
    var `repeat`: Int = 1

    @Option(help: "AprilTag field layout: a name such as 2026-rebuilt-welded, or a WPILib layout JSON (needs --calibration); prints each image's field_pose.")
    var field: String?

    @Option(
        name: .customLong("robot-to-camera"), parsing: .unconditional,
        help: "Camera on the robot: x,y,z,roll,pitch,yaw (metres, degrees; WPILib robot frame). Default: at the robot's origin."
    )
    var robotToCamera: String?

    @Argument(help: "Image files.")
    var images: [String]

    func validate() throws {
        guard !self.images.isEmpty else { throw ValidationError("give at least one image") }
        for image in self.images where !FileManager.default.fileExists(atPath: image) {
            throw ValidationError("image \(image) does not exist")
        }
        guard self.repeat >= 1 else { throw ValidationError("--repeat must be at least 1") }
        guard self.scale > 0, self.scale <= 8 else { throw ValidationError("--scale must be in (0, 8]") }
        if self.pipeline == .reflective2019 && self.calibration == nil {
            throw ValidationError("--calibration FILE is required for the reflective2019 pipeline")
        }
        guard AprilTagConfiguration.Family(rawValue: self.family) != nil else {
            throw ValidationError("--family must be 36h11 or 16h5, not \(self.family)")
        }
        if self.field != nil {
            guard self.pipeline == .apriltag else { throw ValidationError("--field needs --pipeline apriltag") }
            guard self.calibration != nil else { throw ValidationError("--field needs --calibration FILE") }
        }
        if let robotToCamera {
            guard self.field != nil else { throw ValidationError("--robot-to-camera needs --field") }
            do {
                _ = try RobotToCamera(commaSeparated: robotToCamera)
            } catch {
                throw ValidationError("--robot-to-camera: \(error)")
            }
        }
    }

    /// The field localizer for `--field` (none without it).
    private func makeLocalizer(calibration: CameraCalibration?) throws -> (any FieldLocalizer)? {
        guard let layout = self.field else { return nil }
        let field = FieldConfiguration(
            layout: layout, robotToCamera: try self.robotToCamera.map { text throws(VisionError) in
                try RobotToCamera(commaSeparated: text)
            } ?? RobotToCamera()
        )
        guard let calibration else { throw ValidationError("--field needs --calibration FILE") }
        return try FieldPoseLocalizer(
            field: field, calibration: calibration, tagSizeMeters: self.tagSizeMeters ?? FieldPoseEstimator.frcTagSizeMeters
        )
    }

    func run() throws {
        let calibration = try self.calibration.map { path throws(CalibrationError) in
            try CameraCalibration.load(path: path)
        }
        let family = AprilTagConfiguration.Family(rawValue: self.family) ?? .tag36h11
        var configuration = PipelineConfiguration(
            kind: self.pipeline,
            apriltag: AprilTagConfiguration(
                family: family, tagSizeMeters: self.tagSizeMeters ?? (family == .tag36h11 ? 0.1651 : 0.1524),
                quadDecimate: self.quadDecimate, quadSigma: self.quadSigma, threads: self.threads,
                decodeSharpening: self.decodeSharpening
            )
        )
        if let config {
            configuration.reflective2019 = try ConfigDocument.decode(
                Reflective2019Configuration.self, contentsOf: config, defaults: .init()
            )
            try configuration.reflective2019.validate()
        }
        let pipeline = try configuration.makePipeline(calibration: calibration)
        let localizer: (any FieldLocalizer)?
        do {
            localizer = try self.makeLocalizer(calibration: calibration)
        } catch {
            ServiceLauncher.fail("--field: \(error)")
        }
        try PipelineEvaluation(repetitions: self.repeat, scale: self.scale).run(
            pipeline, localizer: localizer, images: self.images
        ) { line in
            print(line)
        }
    }
}
