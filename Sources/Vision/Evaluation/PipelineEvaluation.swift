import Foundation
import WireFormat

/// `targeting eval`: runs a pipeline over still images and prints one JSON object per image (an
/// ``EvaluationImageReport``), then an ``EvaluationSummary``.
///
/// Runs synchronously on the calling thread: a one-shot tool with nothing else to schedule.
public struct PipelineEvaluation {
    /// Times each image is processed (timing only; results are reported once).
    public var repetitions: Int
    /// Every image is resized by this factor before processing (not timed).
    public var scale: Double

    public init(repetitions: Int = 1, scale: Double = 1) {
        self.repetitions = max(1, repetitions)
        self.scale = scale
    }

    /// Processes `images` with `pipeline`, handing each JSON line to `emit`.
    /// - Parameters:
    ///   - localizer: solves the field pose and each tag's poses from an AprilTag pipeline's detections (timed
    ///     with the pipeline); without it `field_pose` is `null`.
    /// - Throws: ``VisionError`` when an image cannot be read or processed; `EncodingError` should never happen.
    public func run(
        _ pipeline: any Pipeline, localizer: (any FieldLocalizer)? = nil, images: [String], emit: (String) -> Void
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func line(_ value: some Encodable) throws {
            emit(String(decoding: try encoder.encode(value), as: UTF8.self))
        }
        let loaded = try Frame()
        let frame = self.scale == 1 ? loaded : try Frame()
        var totalNanoseconds: UInt64 = 0
        // Every iteration's time of the current image (reserved up front, so the timed loops do not allocate);
        // each image's median frame time resists the preemption spikes of a shared machine better than the mean.
        var perIteration: [UInt64] = []
        perIteration.reserveCapacity(self.repetitions)
        var medianSumNanoseconds = 0.0
        var found = 0
        for image in images {
            try loaded.load(image)
            if self.scale != 1 {
                try loaded.resize(
                    into: frame, width: max(1, Int((Double(loaded.width) * self.scale).rounded())),
                    height: max(1, Int((Double(loaded.height) * self.scale).rounded())),
                    interpolation: self.scale > 1 ? .linear : .area
                )
            }
            perIteration.removeAll(keepingCapacity: true)
            var output = PipelineOutput.nothing(pipeline.kind, width: frame.width, height: frame.height)
            var localization: FieldLocalization?
            for _ in 0..<self.repetitions {
                let start = MonotonicClock.now()
                output = try pipeline.analyze(frame)
                if let localizer, case .apriltag(let detections) = output {
                    localization = localizer.localize(detections, imageWidth: frame.width, imageHeight: frame.height)
                }
                let elapsed = MonotonicClock.now() - start
                totalNanoseconds += elapsed
                perIteration.append(elapsed)
            }
            medianSumNanoseconds += Self.median(perIteration)
            if output.found { found += 1 }
            try line(EvaluationImageReport(image: image, output: output, localization: localization))
        }
        try line(
            EvaluationSummary(
                images: images.count, found: found, repeat: self.repetitions,
                mean_ms_per_image: Double(totalNanoseconds) / 1e6 / Double(max(1, images.count * self.repetitions)),
                median_ms_per_image: medianSumNanoseconds / 1e6 / Double(max(1, images.count))
            )
        )
    }

    /// Median of `values` in the same unit (0 when empty).
    static func median(_ values: [UInt64]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1
            ? Double(sorted[middle]) : (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
    }
}
