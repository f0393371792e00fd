import Foundation
import WireFormat

/// One image's line of `targeting eval`: the reflective target's figures, or a `tags` list for AprilTags.
enum EvaluationImageReport: Encodable {
    case reflective(Reflective)
    case tags(Tags)

    init(image path: String, output: PipelineOutput) {
        let image = (path as NSString).lastPathComponent
        switch output {
        case .reflective2019(let target): self = .reflective(Reflective(image: image, target: target))
        case .apriltag(let detections): self = .tags(Tags(image: image, detections: detections))
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
            self.image = image
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
}
