import Foundation
import Logging
import Synchronization
import Testing
import WireFormat

@testable import NetworkTables

/// The PhotonVision-compatible tables: names, types, the `message_uuid` property, schemas and per-frame values.
struct PhotonCameraPublisherTests {
    private func values(_ updates: [NTUpdate]) -> [String: NTValue] {
        Dictionary(uniqueKeysWithValues: updates.map { ($0.topic.name, $0.value) })
    }

    private func published(_ client: NT4Client) -> [String: NT4Client.PublishedTopic] {
        client.state.withLock { state in
            Dictionary(uniqueKeysWithValues: state.topics.values.map { ($0.topic.name, $0) })
        }
    }

    @Test func topicsTypesPropertiesAndFixedValuesAreWhatPhotonLibReads() throws {
        let client = NT4Client(configuration: .init())
        let publisher = try PhotonCameraPublisher(
            client: client, cameraName: "front", intrinsics: [600, 0, 320, 0, 600, 240, 0, 0, 1],
            distortion: [0.1, -0.2])
        #expect(publisher.tablePath == "/photonvision/front")
        let topics = self.published(client)
        let rawBytes = try #require(topics["/photonvision/front/rawBytes"])
        #expect(rawBytes.topic.type.typeString == "photonstruct:PhotonPipelineResult:4b2ff16a964b5e2bf04be0c1454d91c4")
        #expect(rawBytes.properties.strings == ["message_uuid": "4b2ff16a964b5e2bf04be0c1454d91c4"])
        let types: [String: String] = [
            "heartbeat": "int", "hasTarget": "boolean", "targetYaw": "double", "targetPitch": "double",
            "targetArea": "double", "targetSkew": "double", "targetPixelsX": "double", "targetPixelsY": "double",
            "targetPose": "struct:Transform3d", "latencyMillis": "double", "fps": "double", "pipelineIndexState": "int",
            "driverMode": "boolean", "fpsLimit": "int", "cameraIntrinsics": "double[]", "cameraDistortion": "double[]",
        ]
        for (key, type) in types {
            #expect(topics["/photonvision/front/\(key)"]?.topic.type.typeString == type, "\(key)")
        }
        #expect(topics["/photonvision/version"]?.latest == .string(PhotonCameraPublisher.version))
        #expect(
            topics["/photonvision/front/cameraIntrinsics"]?.latest == .doubleArray([600, 0, 320, 0, 600, 240, 0, 0, 1]))
        #expect(topics["/photonvision/front/cameraDistortion"]?.latest == .doubleArray([0.1, -0.2]))
        #expect(topics["/photonvision/front/pipelineIndexState"]?.latest == .int(0))
        #expect(topics["/photonvision/front/driverMode"]?.latest == .boolean(false))
        #expect(topics["/photonvision/front/fpsLimit"]?.latest == .int(-1))
        #expect(topics.keys.allSatisfy { !$0.hasPrefix("/photonvision/.timesync") }, "no time sync: no .timesync table")
        for message in PhotonMessageDefinitions.messages {
            let schema = try #require(topics[message.schemaTopic], "\(message.name)")
            #expect(schema.topic.type.typeString == "photonstructschema" && schema.properties.retained == true)
            #expect(schema.latest == .raw(Array(message.schema.utf8)))
        }
        #expect(topics["/.schema/photonstruct:PhotonPipelineResult:4b2ff16a964b5e2bf04be0c1454d91c4"] != nil)
        #expect(
            topics["/.schema/struct:Transform3d"]?.latest
                == .raw(Array("Translation3d translation;Rotation3d rotation".utf8)))
    }

    @Test func theMessageUUIDTravelsAsAStringPropertyOfThePublishMessage() throws {
        let frame = NT4ClientMessage.encodeFrame([
            .publish(
                name: "/photonvision/front/rawBytes", pubuid: 3, type: PhotonMessageDefinitions.resultType.typeString,
                properties: NTTopicProperties(strings: ["message_uuid": PhotonMessageDefinitions.pipelineResult.uuid]))
        ])
        #expect(frame.contains(#""properties":{"message_uuid":"4b2ff16a964b5e2bf04be0c1454d91c4"}"#))
        #expect(frame.contains(#""type":"photonstruct:PhotonPipelineResult:4b2ff16a964b5e2bf04be0c1454d91c4""#))
        // Received properties keep string values and ignore others.
        let decoded = try JSONDecoder().decode(
            NTTopicProperties.self, from: Data(#"{"retained":true,"message_uuid":"abc","count":3}"#.utf8))
        #expect(decoded.retained == true && decoded.strings == ["message_uuid": "abc"])
    }

    @Test func perFrameValuesDescribeTheBestTargetAndTheRawBytesAreTheEncodersOutput() throws {
        let client = NT4Client(configuration: .init())
        let publisher = try PhotonCameraPublisher(client: client, cameraName: "front")
        let pose = Transform3D(x: 2, y: -0.5, z: 0.25)
        let result = TargetingResult(
            captureTime: 2_000_000_000, frameNumber: 41, pipeline: .apriltag,
            targets: [
                Target(
                    id: 5, yawDegrees: 12, pitchDegrees: -3, areaPercent: 1.5, skewDegrees: 4,
                    corners: [
                        ImagePoint(x: 10, y: 20), ImagePoint(x: 30, y: 20), ImagePoint(x: 30, y: 40),
                        ImagePoint(x: 10, y: 40),
                    ],
                    bestPose: TargetPose(cameraToTarget: pose, reprojectionErrorPixels: 0.3)),
                Target(id: 9, yawDegrees: -20),
            ])
        let metadata = PhotonPipelineMetadata(
            sequenceID: 41, captureTimestampMicros: 1_000, publishTimestampMicros: 8_500, timeSinceLastPong: 0)
        let updates = publisher.updates(for: result, metadata: metadata)
        for update in updates { #expect(update.value.isCompatible(with: update.topic.type), "\(update.topic.name)") }
        let v = self.values(updates)
        #expect(v["/photonvision/front/rawBytes"] == .raw(PhotonResultEncoder.encode(result, metadata: metadata)))
        #expect(v["/photonvision/front/heartbeat"] == .int(41))
        #expect(v["/photonvision/front/hasTarget"] == .boolean(true))
        #expect(v["/photonvision/front/targetYaw"] == .double(12))
        #expect(v["/photonvision/front/targetPitch"] == .double(-3))
        #expect(v["/photonvision/front/targetArea"] == .double(1.5))
        #expect(v["/photonvision/front/targetSkew"] == .double(4))
        #expect(
            v["/photonvision/front/targetPixelsX"] == .double(20)
                && v["/photonvision/front/targetPixelsY"] == .double(30))
        #expect(v["/photonvision/front/targetPose"] == .raw(Pose3dStruct.pack(pose)))
        #expect(v["/photonvision/front/latencyMillis"] == .double(7.5))
        #expect(v["/photonvision/front/fps"] == .double(0), "one frame: no rate yet")
        var next = result
        next.captureTime += 20_000_000
        next.frameNumber += 1
        let later = self.values(publisher.updates(for: next, metadata: metadata))
        #expect(later["/photonvision/front/fps"] == .double(50))
        let empty = self.values(
            publisher.updates(for: TargetingResult(captureTime: 0, pipeline: .apriltag), metadata: metadata))
        #expect(empty["/photonvision/front/hasTarget"] == .boolean(false))
        #expect(empty["/photonvision/front/targetPose"] == .raw(Pose3dStruct.pack(Transform3D(x: 0, y: 0, z: 0))))
    }

    @Test func theStateTopicsCarryTheCameraStateGivenWithEachResult() throws {
        let client = NT4Client(configuration: .init())
        let publisher = try PhotonCameraPublisher(client: client, cameraName: "front")
        let metadata = PhotonPipelineMetadata(
            sequenceID: 1, captureTimestampMicros: 1, publishTimestampMicros: 2, timeSinceLastPong: -1)
        let result = TargetingResult(captureTime: 0, pipeline: .apriltag)
        let initial = self.values(publisher.updates(for: result, metadata: metadata))
        #expect(initial["/photonvision/front/pipelineIndexState"] == .int(0))
        #expect(initial["/photonvision/front/driverMode"] == .boolean(false))
        #expect(initial["/photonvision/front/fpsLimit"] == .int(-1))
        let state = PhotonCameraState(pipelineIndex: 0, driverMode: true, fpsLimit: 15)
        let changed = self.values(publisher.updates(for: result, metadata: metadata, state: state))
        #expect(changed["/photonvision/front/driverMode"] == .boolean(true))
        #expect(changed["/photonvision/front/fpsLimit"] == .int(15))
    }

    @Test func requestsAreReadOnceEachAndMalformedOnesSaySo() throws {
        let client = NT4Client(configuration: .init())
        let publisher = try PhotonCameraPublisher(client: client, cameraName: "front")
        #expect(publisher.newRequests().isEmpty)
        func receive(_ key: String, _ value: NTValue, at time: Int64) {
            let name = "/photonvision/front/\(key)"
            client.state.withLock { state in
                state.received[name] = NTValueUpdate(name: name, type: "", value: value, serverMicros: time, localMicros: nil)
            }
        }
        receive("pipelineIndexRequest", .int(2), at: 1)
        receive("driverModeRequest", .boolean(true), at: 1)
        receive("fpsLimitRequest", .int(-1), at: 1)
        #expect(publisher.newRequests() == [.pipelineIndex(2), .driverMode(true), .fpsLimit(nil)])
        #expect(publisher.newRequests().isEmpty, "each value once")
        receive("fpsLimitRequest", .int(30), at: 2)
        #expect(publisher.newRequests() == [.fpsLimit(30)])
        // Wrong types and huge integers.
        receive("pipelineIndexRequest", .int(Int64.max), at: 3)
        receive("driverModeRequest", .string(String(repeating: "x", count: 10_000)), at: 3)
        receive("fpsLimitRequest", .double(30), at: 3)
        let malformed = publisher.newRequests()
        #expect(malformed.count == 3)
        for request in malformed {
            guard case .malformed(let key, let reason) = request else {
                Issue.record("\(request) is not malformed")
                continue
            }
            #expect(PhotonRequest.keys.contains(key) && reason.count < 200, "\(key): \(reason)")
        }
        #expect(PhotonRequest(key: "fpsLimitRequest", value: .int(1_000_000)) == .malformed(
            key: "fpsLimitRequest", reason: "FPS limit 1000000 is over 1000 (use -1 for no limit)"))
        #expect(PhotonRequest(key: "fpsLimitRequest", value: .int(0)) == .fpsLimit(nil))
        #expect(PhotonRequest(key: "pipelineIndexRequest", value: .int(-1)) == .malformed(
            key: "pipelineIndexRequest", reason: "pipeline index -1 is out of range"))
    }

    @Test func withTimeSyncButNoPongTheTimestampsFallBackAndTimeSinceLastPongIsMinusOne() throws {
        let client = NT4Client(configuration: .init())
        let sync = TimeSyncClient(host: "127.0.0.1", port: 9, logger: Logger(label: "photon-test"))
        let publisher = try PhotonCameraPublisher(client: client, cameraName: "front", timeSync: sync)
        let names = self.published(client).keys
        for key in ["offset_us", "rtt2_us", "ping_tx_count", "pong_rx_count", "pong_rx_time_us"] {
            #expect(names.contains { $0.hasPrefix("/photonvision/.timesync/") && $0.hasSuffix("/\(key)") }, "\(key)")
        }
        try publisher.publish(
            TargetingResult(captureTime: 5_000_000_000, frameNumber: 7, pipeline: .apriltag), now: 5_010_000_000)
        guard case .raw(let bytes)? = self.published(client)["/photonvision/front/rawBytes"]?.latest else {
            Issue.record("no rawBytes value")
            return
        }
        func int64(at offset: Int) -> Int64 { (0..<8).reduce(Int64(0)) { $0 | Int64(bytes[offset + $1]) << (8 * $1) } }
        #expect(int64(at: 0) == 7)
        // Neither clock synchronised (no server): our own time, microseconds.
        #expect(int64(at: 8) == 5_000_000 && int64(at: 16) == 5_010_000)
        #expect(int64(at: 24) == -1, "timeSinceLastPong without a pong")
        // Without a pong the offset is not published; the ping counter is.
        let latest = self.published(client).filter { $0.key.hasPrefix("/photonvision/.timesync/") }
        #expect(latest.first { $0.key.hasSuffix("/offset_us") }?.value.latest == nil)
        #expect(latest.first { $0.key.hasSuffix("/ping_tx_count") }?.value.latest == .int(0))
    }
}
