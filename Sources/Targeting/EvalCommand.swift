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
    var family: AprilTagConfiguration.Family = .tag36h11

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
        help: ArgumentHelp("Camera on the robot: x,y,z,roll,pitch,yaw (metres within ±10, degrees within ±360; WPILib robot frame). Default: at the robot's origin.", valueName: "x,y,z,roll,pitch,yaw")
    )
    var robotToCamera: RobotToCamera?

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
        if self.field != nil {
            guard self.pipeline == .apriltag else { throw ValidationError("--field needs --pipeline apriltag") }
            guard self.calibration != nil else { throw ValidationError("--field needs --calibration FILE") }
        }
        if self.robotToCamera != nil, self.field == nil { throw ValidationError("--robot-to-camera needs --field") }
    }

    func run() throws {
        let calibration = try self.calibration.map { path throws(CalibrationError) in
            try CameraCalibration.load(path: path)
        }
        let family = self.family
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
            localizer = try self.field.map { layout in
                guard let calibration else { throw ValidationError("--field needs --calibration FILE") }
                return try FieldPoseLocalizer(
                    field: FieldConfiguration(layout: layout, robotToCamera: self.robotToCamera ?? RobotToCamera()),
                    calibration: calibration,
                    tagSizeMeters: self.tagSizeMeters ?? FieldPoseEstimator.frcTagSizeMeters
                )
            }
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
