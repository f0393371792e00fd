import Foundation
import TestSupport
import Testing
import WireFormat

/// The reference Python decoder (`python/robot_vision_wire.py`) reads what the Swift encoder writes: every target of
/// a frame, the cut count, the poses and the field pose; and it refuses other versions and truncated frames.
@Suite(.timeLimit(.minutes(2)))
struct PythonWireDecoderTests {
    static func tag(_ id: Int16) -> Target {
        Target(
            id: id, yawDegrees: 1.5, pitchDegrees: -2, areaPercent: 0.5, skewDegrees: 10, distanceMeters: 3.25,
            offsetPixels: 12, decisionMargin: 80, hamming: 1,
            corners: [ImagePoint(x: 1, y: 2), ImagePoint(x: 3, y: 4), ImagePoint(x: 5, y: 6), ImagePoint(x: 7, y: 8)],
            bestPose: TargetPose(cameraToTarget: Transform3D(x: 3, y: -0.5, z: 0.25, qw: 0, qz: 1), reprojectionErrorPixels: 0.25),
            ambiguity: 0.125)
    }

    static func frame(_ result: TargetingResult) -> [UInt8] {
        WireFormat.encode(BusMessage(header: MessageHeader(type: .targetingResult, sequence: 3, sentAt: 4, sender: "targeting"), payload: .targetingResult(result)))
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// Decodes each frame with the Python decoder; one JSON object per frame.
    static func decode(_ frames: [[UInt8]]) async throws -> [[String: Any]] {
        let decoder = try Python.peer("Tests/IntegrationTests/peers/bus_peer.py", ["decode"], input: true)
        decoder.write(Data(frames.map { Self.hex($0) + "\n" }.joined().utf8))
        decoder.closeInput()
        let status = await decoder.waitForExit(timeout: .seconds(60))
        #expect(status == 0, "the decoder failed: \(decoder.errorOutput)")
        return decoder.jsonLines
    }

    @Test func everyTargetTheCutAndTheFieldPoseDecode() async throws {
        try Python.require(["zmq"])
        let fieldPose = FieldPose(
            fieldToCamera: Transform3D(x: 2, y: 3, z: 0.5), fieldToRobot: Transform3D(x: 2.25, y: 3, z: 0),
            reprojectionErrorPixels: 0.75, isMultiTag: true, tagIDs: [3, 4])
        let results = [0, 1, 33].map { count in
            TargetingResult(
                captureTime: 99, pipelineLatencyMicroseconds: 1500, frameNumber: 1 << 40, pipeline: .apriltag,
                imageWidth: 1280, imageHeight: 720, targets: (0..<count).map { Self.tag(Int16($0)) },
                fieldPose: count > 0 ? fieldPose : nil)
        }
        let decoded = try await Self.decode(results.map(Self.frame))
        try #require(decoded.count == 3)
        for (result, json) in zip(results, decoded) {
            #expect(json["type"] as? String == "targeting_result" && json["sender"] as? String == "targeting")
            #expect(json["frame_number"] as? Int == 1 << 40 && json["pipeline_latency_us"] as? Int == 1500)
            #expect(json["pipeline"] as? String == "apriltag" && json["image_width"] as? Int == 1280)
            let targets = try #require(json["targets"] as? [[String: Any]])
            #expect(targets.count == result.targets.count)
            #expect(json["targets_cut"] as? Int == Int(result.targetsCut))
            #expect(json["found"] as? Bool == result.found)
            #expect(targets.map { $0["id"] as? Int } == result.targets.map { Int($0.id) })
            if let first = targets.first {
                #expect(first["distance_m"] as? Double == 3.25 && first["ambiguity"] as? Double == 0.125)
                #expect((first["corners"] as? [[Double]]) == [[1, 2], [3, 4], [5, 6], [7, 8]])
                let best = try #require(first["best_pose"] as? [String: Any])
                #expect(best["reprojection_error_px"] as? Double == 0.25)
                #expect(first["alternate_pose"] is NSNull)
            }
            if result.fieldPose != nil {
                let pose = try #require(json["field_pose"] as? [String: Any])
                #expect(pose["tags_used"] as? [Int] == [3, 4] && pose["multi_tag"] as? Bool == true)
                let translation = (pose["field_to_camera"] as? [String: Any])?["translation"] as? [String: Double]
                #expect(translation == ["x": 2, "y": 3, "z": 0.5])
            } else {
                #expect(json["field_pose"] is NSNull)
            }
        }
        #expect(decoded[2]["targets_cut"] as? Int == 1)
    }

    @Test func anotherVersionAndEveryTruncationAreErrors() async throws {
        try Python.require(["zmq"])
        let frame = Self.frame(TargetingResult(captureTime: 1, pipeline: .apriltag, targets: [Self.tag(1)]))
        var version1 = frame
        version1[2] = 1
        let truncated = (0..<frame.count).map { Array(frame.prefix($0)) }
        let decoded = try await Self.decode([version1] + truncated)
        try #require(decoded.count == 1 + truncated.count)
        #expect((decoded[0]["error"] as? String)?.contains("unsupported wire version 1") == true)
        for (length, json) in decoded.dropFirst().enumerated() {
            #expect(json["error"] is String, "a frame cut to \(length) bytes is an error")
        }
    }
}
