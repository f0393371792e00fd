import Synchronization
import Testing
import WireFormat

@testable import NetworkTables

struct TargetingTablePublisherTests {
    private func values(_ updates: [NTUpdate]) -> [String: NTValue] {
        Dictionary(uniqueKeysWithValues: updates.map { ($0.topic.name, $0.value) })
    }

    @Test func foundTargetValuesTypesAndUnits() throws {
        let client = NT4Client(configuration: .init())
        let publisher = try TargetingTablePublisher(
            client: client,
            cameraName: "front",
            configuration: .init(seedTable: "/SmartDashboard")
        )
        #expect(publisher.tablePath == "/vision/front")
        let result = TargetingResult(
            captureTime: 1_000_000_000,
            pipelineLatencyMicroseconds: 4_000,
            frameNumber: 77,
            pipeline: .apriltag,
            imageWidth: 640,
            imageHeight: 480,
            targets: [
                // The best target (first) is the one the table describes; the second must not leak into it.
                Target(
                    id: 5, yawDegrees: 45, pitchDegrees: -3.5, areaPercent: 3.5, skewDegrees: 1.25, distanceMeters: 2.54,
                    offsetPixels: 12, corners: [ImagePoint(x: 1, y: 2), ImagePoint(x: 3, y: 4)]),
                Target(id: 9, yawDegrees: -10, pitchDegrees: 1, areaPercent: 1, distanceMeters: 4, corners: [ImagePoint(x: 9, y: 9)]),
            ]
        )
        let updates = publisher.updates(for: result, now: 1_010_000_000)
        for update in updates { #expect(update.value.isCompatible(with: update.topic.type), "\(update.topic.name)") }
        let v = self.values(updates)
        #expect(v["/vision/front/tv"] == .double(1))
        #expect(v["/vision/front/tx"] == .double(45))
        #expect(v["/vision/front/ty"] == .double(-3.5))
        #expect(v["/vision/front/ta"] == .double(3.5))
        #expect(v["/vision/front/tl"] == .double(4))
        #expect(v["/vision/front/cl"] == .double(6))  // 10 ms old, 4 ms of it in the pipeline
        #expect(v["/vision/front/tid"] == .double(5))
        #expect(v["/vision/front/hb"] == .double(77))
        #expect(v["/vision/front/found"] == .boolean(true))
        #expect(v["/vision/front/distance_m"] == .double(Double(Float(2.54))))
        #expect(v["/vision/front/yaw"] == .double(45))
        #expect(v["/vision/front/pitch"] == .double(-3.5))
        #expect(v["/vision/front/skew"] == .double(1.25))
        #expect(v["/vision/front/target_id"] == .int(5))
        #expect(v["/vision/front/corners"] == .doubleArray([1, 2, 3, 4]))
        #expect(v["/vision/front/frame"] == .int(77))
        #expect(v["/vision/front/pipeline"] == .string("apriltag"))
        guard case .double(let inches) = v["/vision/front/distance"],
            case .double(let offset) = v["/vision/front/offset"]
        else {
            Issue.record("distance/offset missing")
            return
        }
        #expect(abs(inches - 100) < 1e-4)  // 2.54 m
        #expect(abs(offset - 100) < 1e-3)  // tan 45 deg = 1
        #expect(v["/SmartDashboard/distance"] == .double(inches))
        #expect(v["/SmartDashboard/offset"] == .double(offset))
    }

    @Test func noTargetUsesTheSeedSentinels() throws {
        let client = NT4Client(configuration: .init())
        let publisher = try TargetingTablePublisher(client: client, cameraName: "back")
        let v = self.values(
            publisher.updates(for: TargetingResult(captureTime: 5, frameNumber: 1, pipeline: .reflective2019), now: 5)
        )
        #expect(v["/vision/back/tv"] == .double(0))
        #expect(v["/vision/back/found"] == .boolean(false))
        #expect(v["/vision/back/tx"] == .double(0))
        #expect(v["/vision/back/pipeline"] == .string("reflective2019"))
        #expect(v["/vision/back/distance"] == .double(-1))
        #expect(v["/vision/back/offset"] == .double(-1))
        #expect(v["/vision/back/tid"] == .double(-1))
        #expect(v["/vision/back/target_id"] == .int(-1))
        #expect(v["/vision/back/corners"] == .doubleArray([]))
        #expect(v["/vision/back/cl"] == .double(0))
        #expect(v["/SmartDashboard/distance"] == nil)
    }

    static let fieldPose = FieldPose(
        fieldToCamera: Transform3D(x: 3.5, y: 2, z: 0.6, qw: 0.5, qx: 0.5, qy: 0.5, qz: 0.5),
        fieldToRobot: Transform3D(x: 3.2, y: 2.1, z: 0, qw: 0.7071, qx: 0, qy: 0, qz: 0.7071),
        reprojectionErrorPixels: 0.75, isMultiTag: true, tagIDs: [3, 4, 7]
    )

    @Test func fieldPoseIsPublishedAsPose3dStructsWithItsTags() throws {
        let client = NT4Client(configuration: .init())
        let publisher = try TargetingTablePublisher(client: client, cameraName: "front")
        let result = TargetingResult(
            captureTime: 1, frameNumber: 2, pipeline: .apriltag, targets: [Target(id: 3)], fieldPose: Self.fieldPose)
        let updates = publisher.updates(for: result, now: 1)
        for update in updates { #expect(update.value.isCompatible(with: update.topic.type), "\(update.topic.name)") }
        #expect(updates.first { $0.topic.name == "/vision/front/robot_pose" }?.topic.type == .structValue("Pose3d"))
        let v = self.values(updates)
        #expect(v["/vision/front/has_pose"] == .boolean(true))
        #expect(v["/vision/front/robot_pose"] == .raw(Pose3dStruct.pack(Self.fieldPose.fieldToRobot)))
        #expect(v["/vision/front/camera_pose"] == .raw(Pose3dStruct.pack(Self.fieldPose.fieldToCamera)))
        #expect(v["/vision/front/pose_tag_ids"] == .intArray([3, 4, 7]))
        #expect(v["/vision/front/pose_multi_tag"] == .boolean(true))
        #expect(v["/vision/front/pose_error_px"] == .double(0.75))
        #expect(v["/vision/front/pose_ambiguity"] == .double(-1))
    }

    /// A frame without a pose clears it (empty bytes, no tags): the previous frame's pose never stays current.
    @Test func frameWithoutPoseClearsThePose() throws {
        let client = NT4Client(configuration: .init())
        let publisher = try TargetingTablePublisher(client: client, cameraName: "front")
        let posed = TargetingResult(captureTime: 1, pipeline: .apriltag, targets: [Target(id: 3)], fieldPose: Self.fieldPose)
        #expect(self.values(publisher.updates(for: posed, now: 1))["/vision/front/has_pose"] == .boolean(true))
        let v = self.values(publisher.updates(for: TargetingResult(captureTime: 2, pipeline: .apriltag), now: 2))
        #expect(v["/vision/front/has_pose"] == .boolean(false))
        #expect(v["/vision/front/robot_pose"] == .raw([]))
        #expect(v["/vision/front/camera_pose"] == .raw([]))
        #expect(v["/vision/front/pose_tag_ids"] == .intArray([]))
        #expect(v["/vision/front/pose_multi_tag"] == .boolean(false))
        #expect(v["/vision/front/pose_error_px"] == .double(-1))
    }

    @Test func pose3dSchemasAreRetainedStructSchemaTopicsWithTheirText() throws {
        let client = NT4Client(configuration: .init())
        _ = try TargetingTablePublisher(client: client, cameraName: "front")
        let schemas = client.state.withLock { state in
            state.topics.values.filter { $0.topic.name.hasPrefix("/.schema/") }
        }
        #expect(schemas.count == 4)
        for (name, schema) in Pose3dStruct.schemas {
            let published = schemas.first { $0.topic.name == name }
            #expect(published?.topic.type == .structSchema, "\(name)")
            #expect(published?.properties.retained == true, "\(name)")
            #expect(published?.latest == .raw(Array(schema.utf8)), "\(name)")
        }
    }

    @Test func conflictingTopicTypeIsATypedError() throws {
        let client = NT4Client(configuration: .init())
        try client.publish("/vision/front/tv", type: .int)
        #expect {
            try TargetingTablePublisher(client: client, cameraName: "front")
        } throws: { error in
            if case .typeMismatch = error as? NetworkTablesError { true } else { false }
        }
    }

    @Test func disabledTableAnnouncesAndSendsNothing() throws {
        let client = NT4Client(configuration: .init())
        let publisher = try TargetingTablePublisher(
            client: client,
            cameraName: "front",
            configuration: .init(enabled: false)
        )
        #expect(!publisher.isEnabled)
        let result = TargetingResult(captureTime: 1, pipeline: .apriltag, targets: [Target(id: 1)])
        try publisher.publish(result)
        #expect(publisher.updates(for: result, now: 1).isEmpty)
        #expect(client.state.withLock { $0.topics.isEmpty })
    }
}
