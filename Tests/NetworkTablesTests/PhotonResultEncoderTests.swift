import Foundation
import TestSupport
import Testing
import WireFormat

@testable import NetworkTables

/// Our `PhotonPipelineResult` encoder against photonlibpy's own decoder (`scripts/photon-peer.py`): the message
/// UUIDs and schemas it expects, and edge values (0 and 32 targets, NaN and infinities, the most corners, with and
/// without a multi-tag result) that must decode to exactly what we meant, consuming every byte.
@Suite(.timeLimit(.minutes(2)))
struct PhotonResultEncoderTests {
    static let metadata = PhotonPipelineMetadata(
        sequenceID: 1 << 40, captureTimestampMicros: -5, publishTimestampMicros: Int64.max, timeSinceLastPong: 0)

    /// A deterministic generator (SplitMix64), so a failing case can be reproduced.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let specials: [Float] = [
        .nan, .infinity, -.infinity, 0, -0.0, .greatestFiniteMagnitude, .leastNonzeroMagnitude,
    ]

    static func value(_ random: inout SplitMix, special: Bool) -> Float {
        special && Int.random(in: 0..<3, using: &random) == 0
            ? specials.randomElement(using: &random)! : Float.random(in: -1000...1000, using: &random)
    }

    static func transform(_ random: inout SplitMix, special: Bool) -> Transform3D {
        Transform3D(
            x: value(&random, special: special), y: value(&random, special: special),
            z: value(&random, special: special),
            qw: value(&random, special: special), qx: value(&random, special: special),
            qy: value(&random, special: special), qz: value(&random, special: special))
    }

    static func target(_ random: inout SplitMix, special: Bool) -> Target {
        let cornerCount = Bool.random(using: &random) ? Target.maxCorners : Int.random(in: 0...4, using: &random)
        return Target(
            id: Int16.random(in: -1...600, using: &random),
            yawDegrees: value(&random, special: special), pitchDegrees: value(&random, special: special),
            areaPercent: value(&random, special: special), skewDegrees: value(&random, special: special),
            corners: (0..<cornerCount).map { _ in
                ImagePoint(x: value(&random, special: special), y: value(&random, special: special))
            },
            bestPose: Bool.random(using: &random)
                ? TargetPose(cameraToTarget: transform(&random, special: special), reprojectionErrorPixels: 0.5) : nil,
            alternatePose: Bool.random(using: &random)
                ? TargetPose(cameraToTarget: transform(&random, special: special), reprojectionErrorPixels: 0.7) : nil,
            ambiguity: value(&random, special: special))
    }

    /// The cases: every combination of target count, special values and field pose kind.
    static func cases() -> [TargetingResult] {
        var random = SplitMix(state: 2026)
        var results: [TargetingResult] = []
        for count in [0, 1, 5, TargetingResult.maxTargets] {
            for special in [false, true] {
                for poseKind in 0..<3 {
                    let pose = FieldPose(
                        fieldToCamera: transform(&random, special: special),
                        fieldToRobot: transform(&random, special: special),
                        reprojectionErrorPixels: value(&random, special: special),
                        isMultiTag: poseKind == 2,
                        tagIDs: (0..<(poseKind == 2 ? FieldPose.maxTags : 1)).map { Int16($0 * 37 - 100) })
                    results.append(
                        TargetingResult(
                            captureTime: 1, pipeline: .apriltag,
                            targets: (0..<count).map { _ in target(&random, special: special) },
                            fieldPose: poseKind == 0 ? nil : pose))
                }
            }
        }
        return results
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// Decodes each value with photonlibpy; one JSON object per value.
    static func decode(_ values: [[UInt8]]) async throws -> [[String: Any]] {
        let decoder = try Python.peer("scripts/photon-peer.py", ["decode"], input: true)
        decoder.write(Data(values.map { Self.hex($0) + "\n" }.joined().utf8))
        decoder.closeInput()
        let status = await decoder.waitForExit(timeout: .seconds(90))
        #expect(status == 0, "photonlibpy's decoder failed: \(decoder.errorOutput)")
        return decoder.jsonLines
    }

    /// A decoded float: the peer writes each exactly, as Python's `float.hex()` (`0x1.8p+1`, `nan`, `-inf`).
    static func number(_ json: Any?) -> Double? {
        (json as? String).flatMap(Double.init)
    }

    /// Whether `json` is `expected` exactly (NaN matches NaN).
    static func same(_ json: Any?, _ expected: Float) -> Bool {
        self.same(number(json), expected)
    }

    /// Whether `value` is `expected` exactly (NaN matches NaN).
    static func same(_ value: Double?, _ expected: Float) -> Bool {
        guard let value else { return false }
        return expected.isNaN ? value.isNaN : value == Double(expected)
    }

    /// Whether a decoded transform is `expected` with its rotation as the encoder normalises it.
    static func same(_ json: Any?, _ expected: Transform3D?) -> Bool {
        guard let values = (json as? [Any])?.map(number), values.count == 7 else { return false }
        let t = expected ?? Transform3D(x: 0, y: 0, z: 0)
        let translationMatches = zip(values.prefix(3), [t.x, t.y, t.z]).allSatisfy { decoded, wanted in
            guard let decoded else { return false }
            return wanted.isNaN ? decoded.isNaN : decoded == Double(wanted)
        }
        let q = [t.qw, t.qx, t.qy, t.qz].map(Double.init)
        let norm = q.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let unit = norm.isFinite && norm > 1e-9 ? q.map { $0 / norm } : [1, 0, 0, 0]
        let rotationMatches = zip(values.suffix(4), unit).allSatisfy { decoded, wanted in
            guard let decoded else { return false }
            return abs(decoded - wanted) < 1e-9
        }
        return translationMatches && rotationMatches
    }

    static func corners(_ json: Any?) -> [[Double?]]? {
        (json as? [[Any]])?.map { $0.map(number) }
    }

    @Test func uuidsAndSchemasAreTheOnesPhotonlibpyExpects() async throws {
        try Python.require(["photonlibpy"])
        let result = try await Python.run("scripts/photon-peer.py", ["uuid"])
        try #require(result.status == 0, "\(result.output)")
        let line = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("{") })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(json["version"] as? String == "2026.3.4")
        let expected = try #require(json["messages"] as? [String: [String: String]])
        let ours = Dictionary(uniqueKeysWithValues: PhotonMessageDefinitions.messages.map { ($0.name, $0) })
        #expect(Set(ours.keys) == Set(expected.keys))
        for (name, message) in expected {
            #expect(ours[name]?.uuid == message["uuid"], "\(name)")
            #expect(ours[name]?.schema == message["schema"], "\(name)")
        }
        #expect(
            PhotonMessageDefinitions.resultType.typeString
                == "photonstruct:PhotonPipelineResult:\(expected["PhotonPipelineResult"]?["uuid"] ?? "?")")
    }

    @Test func edgeValuesDecodeWithPhotonlibpyAsEncoded() async throws {
        try Python.require(["photonlibpy"])
        let results = Self.cases()
        let values = results.map { PhotonResultEncoder.encode($0, metadata: Self.metadata) }
        let decoded = try await Self.decode(values)
        try #require(decoded.count == results.count)
        for (index, (result, json)) in zip(results, decoded).enumerated() {
            #expect(
                json["consumed"] as? Int == values[index].count && json["out_of_bytes"] as? Bool == false,
                "case \(index)")
            let metadata = try #require(json["metadata"] as? [String: Any])
            #expect(metadata["sequence_id"] as? Int == 1 << 40 && metadata["capture_us"] as? Int == -5)
            #expect(metadata["publish_us"] as? Int == Int.max && metadata["since_pong_us"] as? Int == 0)
            let targets = try #require(json["targets"] as? [[String: Any]])
            try #require(targets.count == result.targets.count, "case \(index)")
            for (target, decodedTarget) in zip(result.targets, targets) {
                #expect(decodedTarget["fiducial_id"] as? Int == Int(target.id))
                #expect(Self.same(decodedTarget["yaw"], target.yawDegrees), "case \(index)")
                #expect(Self.same(decodedTarget["pitch"], target.pitchDegrees), "case \(index)")
                #expect(Self.same(decodedTarget["area"], target.areaPercent), "case \(index)")
                #expect(Self.same(decodedTarget["skew"], target.skewDegrees), "case \(index)")
                #expect(Self.same(decodedTarget["ambiguity"], target.ambiguity), "case \(index)")
                #expect(decodedTarget["obj_id"] as? Int == -1 && Self.number(decodedTarget["obj_conf"]) == -1)
                #expect(Self.same(decodedTarget["best"], target.bestPose?.cameraToTarget), "case \(index)")
                #expect(Self.same(decodedTarget["alt"], target.alternatePose?.cameraToTarget), "case \(index)")
                let detected = try #require(Self.corners(decodedTarget["detected"]))
                #expect(detected.count == target.cornerCount)
                for (corner, decodedCorner) in zip(target.corners, detected) {
                    #expect(Self.same(decodedCorner[0], corner.x) && Self.same(decodedCorner[1], corner.y))
                }
                let rect = try #require(Self.corners(decodedTarget["min_area_rect"]))
                let finiteCorners = target.corners.filter { $0.x.isFinite && $0.y.isFinite }
                #expect(rect.count == (finiteCorners.isEmpty ? 0 : 4), "case \(index)")
            }
            if let pose = result.fieldPose, pose.isMultiTag {
                let multitag = try #require(json["multitag"] as? [String: Any], "case \(index)")
                #expect(
                    Self.same(multitag["best"], pose.fieldToCamera) && Self.same(multitag["alt"], pose.fieldToCamera))
                #expect(Self.same(multitag["best_error"], pose.reprojectionErrorPixels))
                #expect(Self.same(multitag["alt_error"], pose.reprojectionErrorPixels))
                #expect(Self.number(multitag["ambiguity"]) == 0)
                #expect(multitag["ids"] as? [Int] == pose.tagIDs.map(Int.init))
            } else {
                #expect(json["multitag"] is NSNull, "case \(index): only a multi-tag pose is a multi-target result")
            }
        }
    }

    @Test func anEmptyResultIsMetadataAndTwoEmptyMarkers() {
        let bytes = PhotonResultEncoder.encode(
            TargetingResult(captureTime: 0, pipeline: .apriltag),
            metadata: PhotonPipelineMetadata(
                sequenceID: 1, captureTimestampMicros: 2, publishTimestampMicros: 3, timeSinceLastPong: 4))
        #expect(bytes.count == 4 * 8 + 1 + 1)
        #expect(Array(bytes[0..<8]) == [1, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[24..<32]) == [4, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[32...]) == [0, 0])
    }

    @Test func aTargetWithFourCornersHasItsFixedSize() {
        let target = Target(
            id: 7,
            corners: [ImagePoint(x: 0, y: 0), ImagePoint(x: 1, y: 0), ImagePoint(x: 1, y: 1), ImagePoint(x: 0, y: 1)])
        let bytes = PhotonResultEncoder.encode(
            TargetingResult(captureTime: 0, pipeline: .apriltag, targets: [target]), metadata: Self.metadata)
        // yaw..skew 32, ids 8, confidence 4, two transforms 112, ambiguity 8, two lists of 4 corners 2 × (1 + 64).
        #expect(bytes.count == 32 + 1 + (32 + 8 + 4 + 112 + 8 + 2 * 65) + 1)
        #expect(Array(bytes[33 + 32..<33 + 36]) == [7, 0, 0, 0])
        #expect(Array(bytes[33 + 36..<33 + 40]) == [0xFF, 0xFF, 0xFF, 0xFF])
    }
}
