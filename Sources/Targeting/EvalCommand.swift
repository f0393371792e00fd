import ArgumentParser
import Foundation
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

    enum PipelineName: String, ExpressibleByArgument, CaseIterable {
        case reflective2019
        case apriltag
    }

    @Option(help: "Pipeline: reflective2019 or apriltag.")
    var pipeline: PipelineName

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
    }

    func run() throws {
        let calibration = try self.calibration.map { path throws(CalibrationError) in
            try CameraCalibration.load(path: path)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let loaded = try Frame()
        let frame = self.scale == 1 ? loaded : try Frame()
        func load(_ path: String) throws {
            try loaded.load(path)
            if self.scale != 1 {
                try loaded.resize(
                    into: frame, width: max(1, Int((Double(loaded.width) * self.scale).rounded())),
                    height: max(1, Int((Double(loaded.height) * self.scale).rounded())),
                    interpolation: self.scale > 1 ? .linear : .area
                )
            }
        }
        var totalNanoseconds: UInt64 = 0
        // Every iteration's time of the current image (reserved up front, so the timed loops do not allocate);
        // each image's median frame time resists the preemption spikes of a shared machine better than the mean.
        var perIteration: [UInt64] = []
        perIteration.reserveCapacity(self.repeat)
        var medianSumNanoseconds = 0.0
        var processed = 0
        var found = 0

        func emit(_ value: some Encodable) throws {
            print(String(decoding: try encoder.encode(value), as: UTF8.self))
        }

        switch self.pipeline {
        case .reflective2019:
            guard let calibration else { throw ValidationError("--calibration is required") }
            var configuration = Reflective2019Configuration()
            if let config {
                configuration = try JSONDecoder().decode(
                    Reflective2019Configuration.self, from: Data(contentsOf: URL(fileURLWithPath: config))
                )
            }
            let pipeline = try Reflective2019Pipeline(configuration: configuration, calibration: calibration)
            for image in self.images {
                try load(image)
                perIteration.removeAll(keepingCapacity: true)
                var target = Target2019.notFound(width: frame.width, height: frame.height)
                for _ in 0..<self.repeat {
                    let start = MonotonicClock.now()
                    target = try pipeline.process(frame)
                    let elapsed = MonotonicClock.now() - start
                    totalNanoseconds += elapsed
                    perIteration.append(elapsed)
                }
                processed += self.repeat
                medianSumNanoseconds += Self.median(perIteration)
                if target.found { found += 1 }
                try emit(ReflectiveLine(image: image, target: target))
            }
        case .apriltag:
            let family = AprilTagConfiguration.Family(rawValue: self.family) ?? .tag36h11
            let size = self.tagSizeMeters ?? (family == .tag36h11 ? 0.1651 : 0.1524)
            let configuration = AprilTagConfiguration(
                family: family, tagSizeMeters: size, quadDecimate: self.quadDecimate, quadSigma: self.quadSigma,
                threads: self.threads, decodeSharpening: self.decodeSharpening
            )
            let detector = try AprilTagPipeline(configuration: configuration, calibration: calibration)
            var detections: [AprilTagDetection] = []
            for image in self.images {
                try load(image)
                perIteration.removeAll(keepingCapacity: true)
                for _ in 0..<self.repeat {
                    let start = MonotonicClock.now()
                    try detector.detect(frame, into: &detections)
                    let elapsed = MonotonicClock.now() - start
                    totalNanoseconds += elapsed
                    perIteration.append(elapsed)
                }
                processed += self.repeat
                medianSumNanoseconds += Self.median(perIteration)
                if !detections.isEmpty { found += 1 }
                try emit(TagsLine(image: image, detections: detections))
            }
        }
        try emit(
            Summary(
                images: self.images.count, found: found, repeat: self.repeat,
                mean_ms_per_image: Double(totalNanoseconds) / 1e6 / Double(max(1, processed)),
                median_ms_per_image: medianSumNanoseconds / 1e6 / Double(max(1, self.images.count))
            )
        )
    }
}

extension EvalCommand {
    /// Median of `values` in the same unit (0 when empty).
    static func median(_ values: [UInt64]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1
            ? Double(sorted[middle]) : (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
    }
}

private struct ReflectiveLine: Encodable {
    var image: String
    var found: Bool
    var distance_m: Double?
    var yaw_deg: Double?
    var pitch_deg: Double?
    var skew_deg: Double?
    var offset_px: Double?
    var direction: Int?
    var reprojection_error_px: Double?
    var candidates: Int
    var corners: [[Float]]?

    init(image: String, target: Target2019) {
        self.image = (image as NSString).lastPathComponent
        self.found = target.found
        self.candidates = target.candidateCount
        if target.found {
            self.distance_m = target.distanceMeters
            self.yaw_deg = target.yawDegrees
            self.pitch_deg = target.pitchDegrees
            self.skew_deg = target.skewDegrees
            self.offset_px = target.offsetPixels
            self.direction = target.direction
            self.reprojection_error_px = target.reprojectionErrorPixels
            self.corners = target.corners.map { [$0.x, $0.y] }
        }
    }
}

private struct TagsLine: Encodable {
    struct Tag: Encodable {
        var id: Int
        var hamming: Int
        var decision_margin: Double
        var corners: [[Float]]
        var center: [Float]
        var distance_m: Double?
        var yaw_deg: Double?
        var pitch_deg: Double?
        var translation_m: [Double]?
    }

    var image: String
    var tags: [Tag]

    init(image: String, detections: [AprilTagDetection]) {
        self.image = (image as NSString).lastPathComponent
        self.tags = detections.map { d in
            Tag(
                id: d.id, hamming: d.hamming, decision_margin: d.decisionMargin,
                corners: d.corners.map { [$0.x, $0.y] }, center: [d.center.x, d.center.y],
                distance_m: d.pose == nil ? nil : d.distanceMeters, yaw_deg: d.pose == nil ? nil : d.yawDegrees,
                pitch_deg: d.pose == nil ? nil : d.pitchDegrees, translation_m: d.pose.map { [$0.x, $0.y, $0.z] }
            )
        }
    }
}

private struct Summary: Encodable {
    var images: Int
    var found: Int
    var `repeat`: Int
    var mean_ms_per_image: Double
    /// The mean over the images of each image's median frame time.
    var median_ms_per_image: Double
}
