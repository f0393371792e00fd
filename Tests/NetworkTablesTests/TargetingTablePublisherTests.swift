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
            found: true,
            pipeline: .apriltag,
            targetID: 5,
            distanceMeters: 2.54,
            yawDegrees: 45,
            pitchDegrees: -3.5,
            skewDegrees: 1.25,
            offsetPixels: 12,
            areaPercent: 3.5,
            imageWidth: 640,
            imageHeight: 480,
            corners: [ImagePoint(x: 1, y: 2), ImagePoint(x: 3, y: 4)]
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
            publisher.updates(for: TargetingResult(captureTime: 5, frameNumber: 1, found: false), now: 5)
        )
        #expect(v["/vision/back/tv"] == .double(0))
        #expect(v["/vision/back/distance"] == .double(-1))
        #expect(v["/vision/back/offset"] == .double(-1))
        #expect(v["/vision/back/tid"] == .double(-1))
        #expect(v["/vision/back/target_id"] == .int(-1))
        #expect(v["/vision/back/corners"] == .doubleArray([]))
        #expect(v["/vision/back/cl"] == .double(0))
        #expect(v["/SmartDashboard/distance"] == nil)
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
        try publisher.publish(TargetingResult(captureTime: 1, found: true))
        #expect(publisher.updates(for: TargetingResult(captureTime: 1, found: true), now: 1).isEmpty)
        #expect(client.state.withLock { $0.topics.isEmpty })
    }
}
