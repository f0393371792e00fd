#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import WireFormat

/// Publishes each ``WireFormat/TargetingResult`` as PhotonVision does, so robot code written against PhotonLib
/// (`PhotonCamera(<camera name>)`) reads our results unmodified.
///
/// Topics under `/photonvision/<camera name>/` (types as PhotonVision's `NTTopicSet`):
/// - `rawBytes`: the result serialized by ``PhotonResultEncoder``, type
///   `photonstruct:PhotonPipelineResult:<UUID>`, topic property `message_uuid` (what PhotonLib checks);
/// - `heartbeat` (int, the result's sequence id: changes every frame; PhotonLib calls the camera disconnected after
///   0.5 s without a change), `hasTarget` (boolean), `targetYaw`, `targetPitch`, `targetArea`, `targetSkew`,
///   `targetPixelsX`, `targetPixelsY` (double, best target; 0 without one), `targetPose` (`struct:Transform3d`,
///   best camera-to-target, identity without one), `latencyMillis` (double, capture to publish), `fps` (double,
///   from capture times), `pipelineIndexState` (int), `driverMode` (boolean), `fpsLimit` (int, -1 unlimited)
///   (the ``PhotonCameraState`` given with each result), `cameraIntrinsics` and `cameraDistortion` (double[], empty
///   without a calibration);
/// - requests read from robot code: `pipelineIndexRequest`, `driverModeRequest`, `fpsLimitRequest`
///   (``newRequests()``);
/// - with time sync, PhotonVision's `/photonvision/.timesync/<host name>/`: `offset_us` (robot - local, once
///   synchronised), `rtt2_us` (half the round trip), `ping_tx_count`, `pong_rx_count`, `pong_rx_time_us` (our
///   clock), updated with every result;
/// - `/photonvision/version` (string) and the schema topics of every message and of `Transform3d` under `/.schema/`.
///
/// Timestamps: the metadata's capture and publish times are in robot time (the roboRIO's FPGA clock), converted from
/// our monotonic clock with PhotonVision's UDP time sync (``TimeSyncClient``), and `timeSinceLastPong` is the time
/// since its last pong. Before the first pong (or without a time sync client) the NT4 server's time offset is used
/// and `timeSinceLastPong` is -1; before the NT clock is synchronised the local time is used (such values are only
/// sent after synchronisation, and only the latest).
public final class PhotonCameraPublisher: Sendable {
    /// The version string published on `/photonvision/version` (PhotonLib shows it in version warnings; it checks
    /// compatibility by the message UUID).
    public static let version = "v2026.3.4-compatible"
    /// The camera's table, e.g. `/photonvision/front`.
    public let tablePath: String
    private let client: NT4Client
    private let topics: Topics
    /// The robot-time source, if time sync is on.
    public let timeSync: TimeSyncClient?
    private let lastCapture = Mutex<(micros: Int64, fps: Double)?>(nil)
    private let requests: NTSubscription
    private let syncTopics: SyncTopics?
    /// The last request value seen per topic (server time and value), so each is reported once.
    private let seenRequests = Mutex<[String: NTValueUpdate]>([:])

    private struct Topics: Sendable {
        var rawBytes, heartbeat, hasTarget, yaw, pitch, area, skew, pixelsX, pixelsY, pose: NTTopic
        var latency, fps, pipelineIndex, driverMode, fpsLimit: NTTopic
    }

    private struct SyncTopics: Sendable {
        var offset, halfRoundTrip, pings, pongs, pongTime: NTTopic

        init(path: String, client: NT4Client) throws(NetworkTablesError) {
            func topic(_ key: String) throws(NetworkTablesError) -> NTTopic {
                try client.publish(NTPath.join(path, key), type: .int)
            }
            self.offset = try topic("offset_us")
            self.halfRoundTrip = try topic("rtt2_us")
            self.pings = try topic("ping_tx_count")
            self.pongs = try topic("pong_rx_count")
            self.pongTime = try topic("pong_rx_time_us")
        }
    }

    /// Announces the camera's topics and sets the values that do not change (version, schemas, calibration).
    ///
    /// - Parameters:
    ///   - client: The NT4 client.
    ///   - cameraName: The camera's name, as robot code passes it to `PhotonCamera`.
    ///   - intrinsics: The camera matrix, row-major (9 values), or empty without a calibration.
    ///   - distortion: The distortion coefficients, or empty.
    ///   - timeSync: PhotonVision's time sync client (robot time), or `nil` to use the NT4 server's time base.
    /// - Throws: ``NetworkTablesError`` `.typeMismatch` if one of the names is already published with another type.
    public init(
        client: NT4Client,
        cameraName: String,
        intrinsics: [Double] = [],
        distortion: [Double] = [],
        timeSync: TimeSyncClient? = nil
    ) throws(NetworkTablesError) {
        let table = NTPath.join("/photonvision", cameraName)
        func topic(_ key: String, _ type: NTType, _ properties: NTTopicProperties = .init()) throws(NetworkTablesError)
            -> NTTopic
        {
            try client.publish(NTPath.join(table, key), type: type, properties: properties)
        }
        self.client = client
        self.tablePath = table
        self.timeSync = timeSync
        let transformType = NTType.structValue("Transform3d")
        self.topics = Topics(
            rawBytes: try topic(
                "rawBytes", PhotonMessageDefinitions.resultType,
                NTTopicProperties(strings: ["message_uuid": PhotonMessageDefinitions.pipelineResult.uuid])
            ),
            heartbeat: try topic("heartbeat", .int),
            hasTarget: try topic("hasTarget", .boolean),
            yaw: try topic("targetYaw", .double),
            pitch: try topic("targetPitch", .double),
            area: try topic("targetArea", .double),
            skew: try topic("targetSkew", .double),
            pixelsX: try topic("targetPixelsX", .double),
            pixelsY: try topic("targetPixelsY", .double),
            pose: try topic("targetPose", transformType),
            latency: try topic("latencyMillis", .double),
            fps: try topic("fps", .double),
            pipelineIndex: try topic("pipelineIndexState", .int),
            driverMode: try topic("driverMode", .boolean),
            fpsLimit: try topic("fpsLimit", .int)
        )
        self.syncTopics =
            timeSync == nil
            ? nil
            : try SyncTopics(path: NTPath.join("/photonvision/.timesync", Self.hostName()), client: client)
        self.requests = client.subscribe(PhotonRequest.keys.map { NTPath.join(table, $0) }, prefix: false)
        let retained = NTTopicProperties(retained: true)
        let fixed: [(NTTopic, NTValue)] = [
            (try client.publish("/photonvision/version", type: .string), .string(Self.version)),
            (try topic("cameraIntrinsics", .doubleArray), .doubleArray(intrinsics)),
            (try topic("cameraDistortion", .doubleArray), .doubleArray(distortion)),
            (self.topics.pipelineIndex, .int(0)),
            (self.topics.driverMode, .boolean(false)),
            (self.topics.fpsLimit, .int(-1)),
        ]
        for (topic, value) in fixed { try client.set(topic, value) }
        for message in PhotonMessageDefinitions.messages {
            let schemaTopic = try client.publish(message.schemaTopic, type: .photonStructSchema, properties: retained)
            try client.set(schemaTopic, .raw(Array(message.schema.utf8)))
        }
        for (name, schema) in PhotonMessageDefinitions.wpilibSchemas {
            let schemaTopic = try client.publish(name, type: .structSchema, properties: retained)
            try client.set(schemaTopic, .raw(Array(schema.utf8)))
        }
    }

    /// Publishes one result, its NT values stamped with the publish time.
    ///
    /// - Parameters:
    ///   - result: The result; its `captureTime` (``WireFormat/MonotonicClock`` ns) is the capture timestamp.
    ///   - state: The camera's settings, published with the result (the state topics follow requests within a frame).
    ///   - now: The current ``WireFormat/MonotonicClock`` time, ns: the publish timestamp (default: now).
    /// - Throws: ``NetworkTablesError`` only if the client's topics were unpublished behind this publisher's back.
    public func publish(
        _ result: TargetingResult,
        state: PhotonCameraState = .init(),
        now: UInt64 = MonotonicClock.now()
    ) throws(NetworkTablesError) {
        let captureLocal = Int64(clamping: result.captureTime / 1_000)
        let publishLocal = Int64(clamping: now / 1_000)
        let sync = self.timeSync?.filter
        func robotTime(_ local: Int64) -> Int64 {
            sync?.robotTime(localMicros: local) ?? self.client.serverTime(localMicros: local) ?? local
        }
        let metadata = PhotonPipelineMetadata(
            sequenceID: Int64(clamping: result.frameNumber),
            captureTimestampMicros: robotTime(captureLocal),
            publishTimestampMicros: robotTime(publishLocal),
            timeSinceLastPong: sync?.microsSinceLastPong(localMicros: publishLocal) ?? -1
        )
        // Stamped with the publish time, as PhotonVision's values are: PhotonLib's `getTimestampSeconds()` is the
        // value's NT time minus (publish - capture).
        var updates = self.updates(for: result, metadata: metadata, state: state)
        if let topics = self.syncTopics, let statistics = self.timeSync?.statistics {
            updates += [
                NTUpdate(topics.pings, .int(Int64(statistics.pingsSent))),
                NTUpdate(topics.pongs, .int(Int64(statistics.pongsAccepted))),
            ]
            if let offset = statistics.offsetMicros, let roundTrip = statistics.roundTripMicros,
                let since = statistics.microsSinceLastPong
            {
                updates += [
                    NTUpdate(topics.offset, .int(offset)),
                    NTUpdate(topics.halfRoundTrip, .int(roundTrip / 2)),
                    NTUpdate(topics.pongTime, .int(publishLocal &- since)),
                ]
            }
        }
        try self.client.set(updates, localMicros: publishLocal)
    }

    /// This host's name, for the `.timesync` table (`coprocessor` if it cannot be read).
    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "coprocessor" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "coprocessor" : name
    }

    /// The requests robot code made since the last call (each new value once, in topic order), read from the NT
    /// client's latest values: call it once per frame.
    public func newRequests() -> [PhotonRequest] {
        let latest = self.requests.topics.compactMap { self.client.latestValue(of: $0) }
        return self.seenRequests.withLock { seen in
            latest.compactMap { update -> PhotonRequest? in
                guard seen[update.name] != update else { return nil }
                seen[update.name] = update
                return PhotonRequest(key: String(update.name.split(separator: "/").last ?? ""), value: update.value)
            }
        }
    }

    /// The values ``publish(_:state:now:)`` sends for `result` with `metadata` (exposed for tests); each call feeds
    /// the result's capture time into the `fps` estimate.
    public func updates(
        for result: TargetingResult,
        metadata: PhotonPipelineMetadata,
        state: PhotonCameraState = .init()
    ) -> [NTUpdate] {
        let t = self.topics
        let best = result.bestTarget
        var center = (x: 0.0, y: 0.0)
        if let best, best.cornerCount > 0 {
            best.forEachCorner { center = (center.x + Double($0.x), center.y + Double($0.y)) }
            center = (center.x / Double(best.cornerCount), center.y / Double(best.cornerCount))
        }
        let pose = best?.bestPose?.cameraToTarget ?? Transform3D(x: 0, y: 0, z: 0)
        let latencyMicros = metadata.publishTimestampMicros.subtractingReportingOverflow(
            metadata.captureTimestampMicros)
        return [
            NTUpdate(t.rawBytes, .raw(PhotonResultEncoder.encode(result, metadata: metadata))),
            NTUpdate(t.heartbeat, .int(metadata.sequenceID)),
            NTUpdate(t.hasTarget, .boolean(best != nil)),
            NTUpdate(t.yaw, .double(Double(best?.yawDegrees ?? 0))),
            NTUpdate(t.pitch, .double(Double(best?.pitchDegrees ?? 0))),
            NTUpdate(t.area, .double(Double(best?.areaPercent ?? 0))),
            NTUpdate(t.skew, .double(Double(best?.skewDegrees ?? 0))),
            NTUpdate(t.pixelsX, .double(center.x)),
            NTUpdate(t.pixelsY, .double(center.y)),
            // A Transform3d packs as a Pose3d does: translation, then the rotation's quaternion.
            NTUpdate(t.pose, .raw(Pose3dStruct.pack(pose))),
            NTUpdate(
                t.latency, .double(latencyMicros.overflow ? 0 : max(0, Double(latencyMicros.partialValue) / 1_000))),
            NTUpdate(t.fps, .double(self.framesPerSecond(captureMicros: Int64(clamping: result.captureTime / 1_000)))),
            NTUpdate(t.pipelineIndex, .int(Int64(state.pipelineIndex))),
            NTUpdate(t.driverMode, .boolean(state.driverMode)),
            NTUpdate(t.fpsLimit, .int(Int64(state.fpsLimit ?? -1))),
        ]
    }

    /// Frames per second from the interval between capture times, smoothed (0 until two frames were seen).
    private func framesPerSecond(captureMicros: Int64) -> Double {
        self.lastCapture.withLock { last in
            var fps = last?.fps ?? 0
            if let previous = last, captureMicros > previous.micros {
                let instant = 1e6 / Double(captureMicros - previous.micros)
                fps = fps == 0 ? instant : 0.9 * fps + 0.1 * instant
            }
            last = (captureMicros, fps)
            return fps
        }
    }
}
