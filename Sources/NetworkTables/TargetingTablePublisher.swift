import Foundation
import WireFormat

/// Publishes each ``WireFormat/TargetingResult`` (its best target and its field pose) to NetworkTables under `<rootTable>/<camera name>`
/// (default `/vision/<camera>`), all values of one result in one frame, stamped with the frame's capture time
/// converted to the server's time base. See `docs/networktables.md` for the table layout and units.
///
/// Keys (under the camera's table):
/// - seed (2019 Python service): `distance` (inches, -1 without target), `offset` (inches sideways,
///   `distance * tan(yaw)`, positive right, -1 without target);
/// - Limelight convention, all `double` as Limelight publishes them (so `LimelightHelpers` reads them):
///   `tv` (1 target valid, 0 none), `tx` (yaw, deg, positive right), `ty` (pitch, deg, positive up),
///   `ta` (area, % of image), `tl` (pipeline latency, ms), `cl` (capture to pipeline start, ms; `tl + cl`
///   is the total age when published), `tid` (target id, -1 none), `hb` (heartbeat: frame number);
/// - pose: `found` (boolean), `distance_m`, `yaw`, `pitch`, `skew` (double, m and deg), `target_id` (int),
///   `corners` (double[] `[x0, y0, x1, y1, ...]`, image pixels), `frame` (int), `pipeline` (string);
/// - field pose, every frame: `has_pose` (boolean), `robot_pose` and `camera_pose` (WPILib `Pose3d` structs, type
///   `struct:Pose3d`, field to robot and field to camera; **empty bytes** in a frame without a pose, which
///   `StructSubscriber` reads as its default, so no stale pose is ever current), `pose_tag_ids` (int[], the tags
///   the pose was solved from), `pose_multi_tag` (boolean), `pose_error_px` (double, reprojection error, -1 without
///   a pose), `pose_ambiguity` (double, single-tag ambiguity, -1 when multi-tag or without a pose). The `Pose3d`
///   schemas are published once under `/.schema/` (``Pose3dStruct/schemas``).
public struct TargetingTablePublisher: Sendable {
    /// The camera's table, e.g. `/vision/front`.
    public let tablePath: String
    private let client: NT4Client
    /// Whether results are published (``TargetingTableConfiguration/enabled``); when false nothing is announced
    /// and ``publish(_:now:)`` does nothing.
    public let isEnabled: Bool
    private let topics: Topics?
    private let seedTopics: (distance: NTTopic, offset: NTTopic)?

    private struct Topics: Sendable {
        var distance, offset: NTTopic
        var tv, tx, ty, ta, tl, cl, tid, hb: NTTopic
        var found, distanceMeters, yaw, pitch, skew, targetID, corners, frame, pipeline: NTTopic
        var hasPose, robotPose, cameraPose, poseTagIDs, poseMultiTag, poseError, poseAmbiguity: NTTopic
    }

    /// Announces the camera's topics on `client` (they are sent when it connects), unless the configuration
    /// disables the table.
    ///
    /// - Parameters:
    ///   - client: The NT4 client (running, or to be run, in the service group).
    ///   - cameraName: The camera's name; becomes the last part of the table path.
    ///   - configuration: Root table and optional seed table.
    /// - Throws: ``NetworkTablesError`` `.typeMismatch` if one of the names is already published with another type.
    ///   The `Pose3d` schema values are set here (retained topics), so they are sent on every connection.
    public init(
        client: NT4Client,
        cameraName: String,
        configuration: TargetingTableConfiguration = .init()
    ) throws(NetworkTablesError) {
        let table = configuration.tablePath(cameraName: cameraName)
        func topic(_ key: String, _ type: NTType) throws(NetworkTablesError) -> NTTopic {
            try client.publish(NTPath.join(table, key), type: type)
        }
        self.client = client
        self.tablePath = table
        self.isEnabled = configuration.enabled
        guard configuration.enabled else {
            self.topics = nil
            self.seedTopics = nil
            return
        }
        self.topics = Topics(
            distance: try topic("distance", .double),
            offset: try topic("offset", .double),
            tv: try topic("tv", .double),
            tx: try topic("tx", .double),
            ty: try topic("ty", .double),
            ta: try topic("ta", .double),
            tl: try topic("tl", .double),
            cl: try topic("cl", .double),
            tid: try topic("tid", .double),
            hb: try topic("hb", .double),
            found: try topic("found", .boolean),
            distanceMeters: try topic("distance_m", .double),
            yaw: try topic("yaw", .double),
            pitch: try topic("pitch", .double),
            skew: try topic("skew", .double),
            targetID: try topic("target_id", .int),
            corners: try topic("corners", .doubleArray),
            frame: try topic("frame", .int),
            pipeline: try topic("pipeline", .string),
            hasPose: try topic("has_pose", .boolean),
            robotPose: try topic("robot_pose", Pose3dStruct.type),
            cameraPose: try topic("camera_pose", Pose3dStruct.type),
            poseTagIDs: try topic("pose_tag_ids", .intArray),
            poseMultiTag: try topic("pose_multi_tag", .boolean),
            poseError: try topic("pose_error_px", .double),
            poseAmbiguity: try topic("pose_ambiguity", .double)
        )
        for (name, schema) in Pose3dStruct.schemas {
            let schemaTopic = try client.publish(name, type: .structSchema, properties: .init(retained: true))
            try client.set(schemaTopic, .raw(Array(schema.utf8)))
        }
        if let seed = configuration.seedTable {
            self.seedTopics = (
                try client.publish(NTPath.join(seed, "distance"), type: .double),
                try client.publish(NTPath.join(seed, "offset"), type: .double)
            )
        } else {
            self.seedTopics = nil
        }
    }

    /// Publishes one result.
    ///
    /// - Parameters:
    ///   - result: The result; its `captureTime` (``WireFormat/MonotonicClock`` ns) becomes the NT timestamp.
    ///   - now: The current ``WireFormat/MonotonicClock`` time, ns, used for `cl` (default: now).
    /// - Throws: ``NetworkTablesError`` only if the client's topics were unpublished behind this publisher's back.
    public func publish(_ result: TargetingResult, now: UInt64 = MonotonicClock.now()) throws(NetworkTablesError) {
        guard self.isEnabled else { return }
        try self.client.set(self.updates(for: result, now: now), localMicros: Int64(result.captureTime / 1_000))
    }

    /// The values ``publish(_:now:)`` sends for `result` (exposed for tests and documentation); empty when
    /// disabled. The target keys describe the result's best target (its first).
    public func updates(for result: TargetingResult, now: UInt64) -> [NTUpdate] {
        guard let t = self.topics else { return [] }
        let best = result.bestTarget
        let found = best != nil
        let distanceMeters = Double(best?.distanceMeters ?? 0)
        let yawDegrees = Double(best?.yawDegrees ?? 0)
        let pitchDegrees = Double(best?.pitchDegrees ?? 0)
        let pipelineMs = Double(result.pipelineLatencyMicroseconds) / 1_000
        let ageMs = now > result.captureTime ? Double(now - result.captureTime) / 1e6 : 0
        let distanceInches = distanceMeters / 0.0254
        let offsetInches = distanceInches * tan(yawDegrees * .pi / 180)
        var corners: [Double] = []
        corners.reserveCapacity(2 * (best?.cornerCount ?? 0))
        best?.forEachCorner { point in
            corners.append(Double(point.x))
            corners.append(Double(point.y))
        }
        var updates: [NTUpdate] = [
            NTUpdate(t.distance, .double(found ? distanceInches : -1)),
            NTUpdate(t.offset, .double(found ? offsetInches : -1)),
            NTUpdate(t.tv, .double(found ? 1 : 0)),
            NTUpdate(t.tx, .double(yawDegrees)),
            NTUpdate(t.ty, .double(pitchDegrees)),
            NTUpdate(t.ta, .double(Double(best?.areaPercent ?? 0))),
            NTUpdate(t.tl, .double(pipelineMs)),
            NTUpdate(t.cl, .double(max(0, ageMs - pipelineMs))),
            NTUpdate(t.tid, .double(Double(best?.id ?? -1))),
            NTUpdate(t.hb, .double(Double(result.frameNumber))),
            NTUpdate(t.found, .boolean(found)),
            NTUpdate(t.distanceMeters, .double(distanceMeters)),
            NTUpdate(t.yaw, .double(yawDegrees)),
            NTUpdate(t.pitch, .double(pitchDegrees)),
            NTUpdate(t.skew, .double(Double(best?.skewDegrees ?? 0))),
            NTUpdate(t.targetID, .int(Int64(best?.id ?? -1))),
            NTUpdate(t.corners, .doubleArray(corners)),
            NTUpdate(t.frame, .int(Int64(clamping: result.frameNumber))),
            NTUpdate(t.pipeline, .string(result.pipeline.rawValue)),
        ]
        let pose = result.fieldPose
        updates += [
            NTUpdate(t.hasPose, .boolean(pose != nil)),
            NTUpdate(t.robotPose, .raw(pose.map { Pose3dStruct.pack($0.fieldToRobot) } ?? [])),
            NTUpdate(t.cameraPose, .raw(pose.map { Pose3dStruct.pack($0.fieldToCamera) } ?? [])),
            NTUpdate(t.poseTagIDs, .intArray(pose?.tagIDs.map(Int64.init) ?? [])),
            NTUpdate(t.poseMultiTag, .boolean(pose?.isMultiTag ?? false)),
            NTUpdate(t.poseError, .double(pose.map { Double($0.reprojectionErrorPixels) } ?? -1)),
            NTUpdate(t.poseAmbiguity, .double(pose.map { Double($0.ambiguity) } ?? -1)),
        ]
        if let seed = self.seedTopics {
            updates.append(NTUpdate(seed.distance, .double(found ? distanceInches : -1)))
            updates.append(NTUpdate(seed.offset, .double(found ? offsetInches : -1)))
        }
        return updates
    }
}
