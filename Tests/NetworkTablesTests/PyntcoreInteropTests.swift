import Foundation
import Logging
import TestSupport
import Testing
import WireFormat

@testable import NetworkTables

/// Interoperability with WPILib's real NetworkTables (pyntcore): its server, and its client as subscriber.
/// Skipped (with the reason printed) when python3 or pyntcore is missing.
@Suite(
    .serialized,
    .timeLimit(.minutes(2)),
    .enabled(if: PyntcorePeer.isAvailable, "needs python3 with pyntcore (pip install pyntcore)")
)
struct PyntcoreInteropTests {
    private func configuration(port: Int) -> NT4ClientConfiguration {
        NT4ClientConfiguration(
            serverHost: "127.0.0.1",
            port: port,
            clientName: "swift-vision-test",
            timeSyncIntervalSeconds: 0.2,
            serverTimeoutSeconds: 1,
            connectTimeoutSeconds: 1,
            reconnectMinDelaySeconds: 0.05,
            reconnectMaxDelaySeconds: 0.3
        )
    }

    private func startSubscriber(port: Int, prefix: String = "/") async throws -> ChildProcess {
        let subscriber = try PyntcorePeer.start(
            ["subscribe", "--port", "\(port)", "--prefix", prefix, "--seconds", "60"]
        )
        guard await subscriber.waitForLine(timeout: .seconds(15), { $0 == "CONNECTED" }) != nil else {
            await subscriber.stop()
            throw TestFailure("pyntcore subscriber did not connect: \(subscriber.output) \(subscriber.errorOutput)")
        }
        return subscriber
    }

    /// The last value the subscriber saw for `name`, with its whole line.
    private func lines(_ subscriber: ChildProcess, _ name: String) -> [[String: Any]] {
        subscriber.jsonLines.filter { $0["name"] as? String == name }
    }

    private func waitForValue(
        _ subscriber: ChildProcess,
        _ name: String,
        timeout: Duration = .seconds(10),
        _ matches: (Any?) -> Bool
    ) async -> [String: Any]? {
        await awaitValue(timeout: timeout) { self.lines(subscriber, name).first(where: { matches($0["value"]) }) }
    }

    private func result(frame: UInt32, captureTime: UInt64 = MonotonicClock.now()) -> TargetingResult {
        TargetingResult(
            captureTime: captureTime,
            pipelineLatencyMicroseconds: 3_500,
            frameNumber: UInt64(frame),
            pipeline: .apriltag,
            imageWidth: 640,
            imageHeight: 480,
            targets: [
                Target(
                    id: 7, yawDegrees: 5.5, pitchDegrees: -2.25, areaPercent: 4.5, skewDegrees: 1, distanceMeters: 2,
                    offsetPixels: 10,
                    corners: [
                        ImagePoint(x: 10, y: 20), ImagePoint(x: 30, y: 20), ImagePoint(x: 30, y: 40), ImagePoint(x: 10, y: 40),
                    ])
            ]
        )
    }

    @Test func pyntcoreSubscriberSeesOurValuesTypesAndServerTimestamps() async throws {
        let (server, port, _) = try await PyntcorePeer.startServer()
        let subscriber = try await self.startSubscriber(port: port)
        let client = NT4Client(configuration: self.configuration(port: port))
        let targeting = try TargetingTablePublisher(client: client, cameraName: "front")
        let camera = try CameraPublisherTable(client: client, name: "front")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            #expect(await client.waitUntilConnected(timeout: .seconds(10)))
            try camera.publish(
                source: "usb:/dev/video0",
                streamURLs: CameraPublisherTable.streamValues(hosts: ["10.15.18.11"], port: 1181),
                description: "front camera",
                connected: true,
                mode: "320x240 MJPEG 15 fps"
            )
            try targeting.publish(self.result(frame: 1))
            #expect(await self.waitForValue(subscriber, "/vision/front/frame") { $0 as? Int == 1 } != nil)
            _ = await self.waitForValue(subscriber, "/CameraPublisher/front/mode") { $0 as? String != nil }
            // Once topics are announced: a frame captured 40 ms before it is published.
            let capture = MonotonicClock.now() - 40_000_000
            try targeting.publish(self.result(frame: 2, captureTime: capture))
            let frameLine = try #require(await self.waitForValue(subscriber, "/vision/front/frame") { $0 as? Int == 2 })

            let expected: [(String, String, (Any?) -> Bool)] = [
                ("/vision/front/tv", "double", { $0 as? Double == 1 }),
                ("/vision/front/tx", "double", { $0 as? Double == 5.5 }),
                ("/vision/front/ty", "double", { $0 as? Double == -2.25 }),
                ("/vision/front/ta", "double", { $0 as? Double == 4.5 }),
                ("/vision/front/tl", "double", { $0 as? Double == 3.5 }),
                ("/vision/front/cl", "double", { (($0 as? Double) ?? 0) >= 36 }),
                ("/vision/front/tid", "double", { $0 as? Double == 7 }),
                ("/vision/front/found", "boolean", { $0 as? Bool == true }),
                ("/vision/front/target_id", "int", { $0 as? Int == 7 }),
                ("/vision/front/distance_m", "double", { $0 as? Double == 2 }),
                ("/vision/front/distance", "double", { abs((($0 as? Double) ?? 0) - 78.74) < 0.01 }),
                ("/vision/front/corners", "double[]", { ($0 as? [Double]) == [10, 20, 30, 20, 30, 40, 10, 40] }),
                ("/vision/front/pipeline", "string", { $0 as? String == "apriltag" }),
                (
                    "/CameraPublisher/front/streams", "string[]",
                    { ($0 as? [String]) == ["mjpg:http://10.15.18.11:1181/?action=stream"] }
                ),
                ("/CameraPublisher/front/source", "string", { $0 as? String == "usb:/dev/video0" }),
                ("/CameraPublisher/front/connected", "boolean", { $0 as? Bool == true }),
                ("/CameraPublisher/front/mode", "string", { $0 as? String == "320x240 MJPEG 15 fps" }),
            ]
            for (name, type, matches) in expected {
                let line = self.lines(subscriber, name).last
                #expect(line?["type"] as? String == type, "\(name): \(String(describing: line))")
                #expect(matches(line?["value"]), "\(name): \(String(describing: line?["value"]))")
            }
            // ntcore converts the server timestamp to the subscriber's local clock (time_us) and gives its own
            // receive time (local_us) in the same base: the difference is the age since capture, 40 ms plus
            // transit, if and only if our timestamp was the capture time in the server's time base.
            let stamped = try #require(frameLine["time_us"] as? Int)
            let received = try #require(frameLine["local_us"] as? Int)
            let age = received - stamped
            print("pyntcore subscriber: value age at receipt \(age) us (captured 40 000 us before publishing)")
            #expect(age >= 35_000 && age < 40_000 + 100_000, "age at receipt \(age) us")
        }
        await subscriber.stop()
        await server.stop()
    }

    /// The field pose as WPILib's `Pose3d` struct: pyntcore sees `struct:Pose3d` topics and the `structschema`
    /// topics, wpimath's struct unpacker reads our 56 bytes as the published pose, and a frame without a pose
    /// replaces it with empty bytes.
    @Test func pyntcoreReadsTheFieldPoseAsWPILibPose3dStructs() async throws {
        let (server, port, _) = try await PyntcorePeer.startServer()
        let subscriber = try await self.startSubscriber(port: port)
        let client = NT4Client(configuration: self.configuration(port: port))
        let targeting = try TargetingTablePublisher(client: client, cameraName: "front")
        let robot = Transform3D(x: 3.25, y: 2.5, z: 0, rollDegrees: 0, pitchDegrees: 0, yawDegrees: 30)
        let camera = Transform3D(x: 3.5, y: 2.625, z: 0.5, rollDegrees: 0, pitchDegrees: -15, yawDegrees: 30)
        var posed = self.result(frame: 1)
        posed.fieldPose = FieldPose(
            fieldToCamera: camera, fieldToRobot: robot, reprojectionErrorPixels: 0.5, isMultiTag: true, tagIDs: [7, 8])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            #expect(await client.waitUntilConnected(timeout: .seconds(10)))
            try targeting.publish(posed)
            let robotLine = try #require(
                await self.waitForValue(subscriber, "/vision/front/robot_pose") { ($0 as? [Int])?.count == 56 })
            #expect(robotLine["type"] as? String == "struct:Pose3d")
            // wpimath renormalises the quaternion (ours is f32 on the bus): equal within 1e-6.
            func close(_ line: [String: Any], _ t: Transform3D) -> Bool {
                let expected = [t.x, t.y, t.z, t.qw, t.qx, t.qy, t.qz].map(Double.init)
                guard let actual = line["pose3d"] as? [Double], actual.count == 7 else { return false }
                return zip(actual, expected).allSatisfy { abs($0 - $1) < 1e-6 } && Array(actual[0..<3]) == Array(expected[0..<3])
            }
            #expect(close(robotLine, robot), "\(String(describing: robotLine["pose3d"]))")
            let cameraLine = try #require(
                await self.waitForValue(subscriber, "/vision/front/camera_pose") { ($0 as? [Int])?.count == 56 })
            #expect(close(cameraLine, camera), "\(String(describing: cameraLine["pose3d"]))")
            let tags = await self.waitForValue(subscriber, "/vision/front/pose_tag_ids") { ($0 as? [Int]) == [7, 8] }
            #expect(tags?["type"] as? String == "int[]")
            for (name, schema) in Pose3dStruct.schemas {
                let line = await self.waitForValue(subscriber, name) { $0 as? [Int] != nil }
                #expect(line?["type"] as? String == "structschema", "\(name)")
                let text = (line?["value"] as? [Int]).map { String(decoding: $0.map(UInt8.init), as: UTF8.self) }
                #expect(text == schema, "\(name)")
            }

            try targeting.publish(self.result(frame: 2))
            let cleared = await self.waitForValue(subscriber, "/vision/front/robot_pose") { ($0 as? [Int]) == [] }
            #expect(cleared != nil, "the pose was not cleared")
            #expect(await self.waitForValue(subscriber, "/vision/front/has_pose") { $0 as? Bool == false } != nil)
        }
        await subscriber.stop()
        await server.stop()
    }

    @Test func serverRestartIsSurvivedAndOnlyTheLatestOfflineValueIsSent() async throws {
        let (server, port, port3) = try await PyntcorePeer.startServer()
        let client = NT4Client(configuration: self.configuration(port: port))
        let targeting = try TargetingTablePublisher(client: client, cameraName: "front")
        var restarted: ChildProcess?
        var subscriber = try await self.startSubscriber(port: port, prefix: "/vision/")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            #expect(await client.waitUntilConnected(timeout: .seconds(10)))
            try targeting.publish(self.result(frame: 1))
            #expect(await self.waitForValue(subscriber, "/vision/front/frame") { $0 as? Int == 1 } != nil)

            // The robot reboots.
            await subscriber.stop()
            await server.stop()
            let noticed = await awaitValue(timeout: .seconds(10)) { client.isConnected ? nil : true }
            #expect(noticed != nil, "client did not notice the server going away")

            // Results produced while offline: only the newest must be sent later.
            for frame in UInt32(2)...50 { try targeting.publish(self.result(frame: frame)) }
            #expect(client.statistics.valuesReplacedWhileOffline >= 48 * 19)

            let (newServer, _, _) = try await PyntcorePeer.startServer(port: port, port3: port3)
            restarted = newServer
            subscriber = try await self.startSubscriber(port: port, prefix: "/vision/")
            #expect(await client.waitUntilConnected(timeout: .seconds(15)))
            #expect(await self.waitForValue(subscriber, "/vision/front/frame") { $0 as? Int == 50 } != nil)
            try targeting.publish(self.result(frame: 51))
            #expect(await self.waitForValue(subscriber, "/vision/front/frame") { $0 as? Int == 51 } != nil)
            let frames = self.lines(subscriber, "/vision/front/frame").compactMap { $0["value"] as? Int }
            #expect(!frames.contains { (2...49).contains($0) }, "offline values were queued: \(frames)")
            #expect(client.statistics.connectionsEstablished >= 2)
        }
        await subscriber.stop()
        await restarted?.stop()
    }

    @Test func subscribesToRobotValuesAndRenewsAfterServerRestart() async throws {
        let (server, port, port3) = try await PyntcorePeer.startServer(publishFMS: true)
        let client = NT4Client(configuration: self.configuration(port: port))
        let fms = client.subscribe(["/FMSInfo/"])
        var restarted: ChildProcess?
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            var iterator = fms.updates.makeAsyncIterator()
            var seen: [String: NTValueUpdate] = [:]
            while seen.count < 2, let update = await iterator.next() { seen[update.name] = update }
            #expect(seen["/FMSInfo/IsRedAlliance"]?.value == .boolean(true))
            #expect(seen["/FMSInfo/IsRedAlliance"]?.type == "boolean")
            #expect(seen["/FMSInfo/StationNumber"]?.value == .int(2))
            #expect(client.latestValue(of: "/FMSInfo/StationNumber")?.type == "int")
            // The value was set when the server started: its local time is in the recent past.
            let local = seen["/FMSInfo/IsRedAlliance"]?.localMicros ?? 0
            let age = Int64(MonotonicClock.now() / 1_000) - local
            #expect(age > 0 && age < 30_000_000, "age \(age) us")

            await server.stop()
            let (newServer, _, _) = try await PyntcorePeer.startServer(port: port, port3: port3, publishFMS: true)
            restarted = newServer
            #expect(await client.waitUntilConnected(timeout: .seconds(15)))
            let again = await iterator.next()
            #expect(again?.name.hasPrefix("/FMSInfo/") == true)
            #expect(client.statistics.connectionsEstablished >= 2)
            client.unsubscribe(fms)
        }
        await restarted?.stop()
    }

    @Test func setDefaultDoesNotOverrideAnotherPublishersValue() async throws {
        let (server, port, _) = try await PyntcorePeer.startServer(publishFMS: true)
        let subscriber = try await self.startSubscriber(port: port, prefix: "/FMSInfo/")
        let client = NT4Client(configuration: self.configuration(port: port))
        // The robot already published StationNumber = 2; our default of 3 must not replace it.
        let station = try client.publish("/FMSInfo/StationNumber", type: .int)
        let fresh = try client.publish("/FMSInfo/FreshDefault", type: .int)
        try client.setDefault(station, .int(3))
        try client.setDefault(fresh, .int(9))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            #expect(await client.waitUntilConnected(timeout: .seconds(10)))
            // A default on a topic without value takes effect.
            #expect(await self.waitForValue(subscriber, "/FMSInfo/FreshDefault") { $0 as? Int == 9 } != nil)
            let stations = self.lines(subscriber, "/FMSInfo/StationNumber")
            #expect(stations.contains { $0["value"] as? Int == 2 })
            // A negative check (our default must not win) has no event to await: give the default time to arrive.
            try await Task.sleep(for: .milliseconds(300))
            // ntcore may forward the weak value, but the retained value stays 2: a new subscriber sees 2.
            let late = try await self.startSubscriber(port: port, prefix: "/FMSInfo/StationNumber")
            let seen = await self.waitForValue(late, "/FMSInfo/StationNumber") { $0 != nil }
            #expect(seen?["value"] as? Int == 2, "\(String(describing: seen))")
            await late.stop()
            // A normal set does replace it.
            try client.set(station, .int(3))
            #expect(await self.waitForValue(subscriber, "/FMSInfo/StationNumber") { $0 as? Int == 3 } != nil)
        }
        await subscriber.stop()
        await server.stop()
    }
}
