import Foundation
import WireFormat

/// One image's line of `targeting eval`: the reflective target's figures, or for AprilTags a `tags` list and the
/// `field_pose` (`null` without a field layout or without a layout tag in view).
enum EvaluationImageReport: Encodable {
    case reflective(Reflective)
    case tags(Tags)

    /// The line for `output`, with what a ``FieldLocalizer`` solved from its tags when one runs.
    init(image path: String, output: PipelineOutput, localization: FieldLocalization? = nil) {
        let image = (path as NSString).lastPathComponent
        switch output {
        case .reflective2019(let target): self = .reflective(Reflective(image: image, target: target))
        case .apriltag(let detections):
            self = .tags(Tags(image: image, detections: detections, localization: localization))
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .reflective(let line): try line.encode(to: encoder)
        case .tags(let line): try line.encode(to: encoder)
        }
    }

    struct Reflective: Encodable {
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
            self.image = image
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

    struct Tags: Encodable {
        /// One tag. `distance_m` and `ambiguity` are always present (`null` when unknown); the localizer's best
        /// solution gives the distance when it solved the tag, else the pipeline's own pose.
        struct Tag: Encodable {
            var id: Int
            var hamming: Int
            var decision_margin: Double
            var corners: [[Float]]
            var center: [Float]
            var distance_m: Double?
            var ambiguity: Double?
            var yaw_deg: Double?
            var pitch_deg: Double?
            var translation_m: [Double]?

            private enum CodingKeys: String, CodingKey {
                case id, hamming, decision_margin, corners, center, distance_m, ambiguity, yaw_deg, pitch_deg
                case translation_m
            }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(self.id, forKey: .id)
                try container.encode(self.hamming, forKey: .hamming)
                try container.encode(self.decision_margin, forKey: .decision_margin)
                try container.encode(self.corners, forKey: .corners)
                try container.encode(self.center, forKey: .center)
                try container.encode(self.distance_m, forKey: .distance_m)
                try container.encode(self.ambiguity, forKey: .ambiguity)
                try container.encodeIfPresent(self.yaw_deg, forKey: .yaw_deg)
                try container.encodeIfPresent(self.pitch_deg, forKey: .pitch_deg)
                try container.encodeIfPresent(self.translation_m, forKey: .translation_m)
            }
        }

        var image: String
        var tags: [Tag]
        var field_pose: EvaluationFieldPose?

        private enum CodingKeys: String, CodingKey { case image, tags, field_pose }

        init(image: String, detections: [AprilTagDetection], localization: FieldLocalization?) {
            self.image = image
            let solutions = localization?.tagPoses ?? []
            self.tags = detections.indices.map { index in
                let d = detections[index]
                let solved = index < solutions.count ? solutions[index] : nil
                let distance = solved.map { Double($0.distanceMeters) } ?? (d.pose == nil ? nil : d.distanceMeters)
                let ambiguity = solved.flatMap { $0.ambiguity >= 0 ? Double($0.ambiguity) : nil }
                return Tag(
                    id: d.id, hamming: d.hamming, decision_margin: d.decisionMargin,
                    corners: d.corners.map { [$0.x, $0.y] }, center: [d.center.x, d.center.y],
                    distance_m: distance, ambiguity: ambiguity, yaw_deg: d.pose == nil ? nil : d.yawDegrees,
                    pitch_deg: d.pose == nil ? nil : d.pitchDegrees, translation_m: d.pose.map { [$0.x, $0.y, $0.z] }
                )
            }
            self.field_pose = localization?.fieldPose.map(EvaluationFieldPose.init)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.image, forKey: .image)
            try container.encode(self.tags, forKey: .tags)
            try container.encode(self.field_pose, forKey: .field_pose)  // `null` when there is none
        }
    }
}
