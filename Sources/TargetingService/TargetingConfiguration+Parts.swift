public import Bus
public import Localization
public import Logging
public import NetworkTables
public import ServiceRuntime
public import Vision

extension TargetingConfiguration {
    /// The results channel's sender (PUSH) on `channel` (``ServiceRuntime/ServiceSecurity/results(_:)`` of
    /// ``results``), counting into `counters`.
    /// - Throws: ``Bus/BusError`` when an endpoint cannot be opened.
    public func makeSender(
        counters: ChannelCounters,
        channel: (endpoints: Endpoints, security: SocketSecurity)
    ) throws(BusError) -> MessageSender {
        var options = MessageSender.Options()
        options.highWaterMark = Int32(self.results.highWaterMark)
        return try MessageSender(
            name: self.service.name, endpoints: channel.endpoints, options: options, counters: counters,
            security: channel.security
        )
    }

    /// The results mirror for `control tap` when `results.tap_endpoint` is set (`nil` otherwise), bound as
    /// `security` allows: a CURVE server admitting the control role's keys (operators), or loopback without keys.
    /// - Throws: ``ServiceRuntime/ConfigError`` for an unsafe bind, ``Bus/BusError`` when it cannot be bound.
    public func makeMirror(security: ServiceSecurity) throws -> MessageMirror? {
        guard !self.results.tapEndpoint.isEmpty else { return nil }
        let bound = try security.bind(
            self.results.tapEndpoint, domain: SocketSecurity.controlDomain, key: "results.tap_endpoint"
        )
        var options = MessageMirror.Options()
        options.configure = { socket throws(ZMQError) in try bound.security.apply(to: socket) }
        return try MessageMirror(name: self.service.name, endpoint: bound.endpoint, options: options)
    }

    /// The field localizer when `field.layout` is set, loading the layout (`nil` without a layout or calibration;
    /// ``validate()`` requires the calibration with a layout).
    /// - Throws: ``Localization/FieldLayoutError`` or ``Localization/LocalizationError``, each one line.
    public func makeLocalizer(calibration: CameraCalibration?) throws -> FieldPoseLocalizer? {
        guard self.field.isEnabled, let calibration else { return nil }
        return try FieldPoseLocalizer(
            field: self.field, calibration: calibration, tagSizeMeters: self.pipeline.apriltag.tagSizeMeters
        )
    }

    /// The `/vision/<camera_name>` table publisher when NetworkTables is enabled.
    /// - Throws: ``NetworkTables/NetworkTablesError`` when a topic name is already taken with another type.
    public func makeTablePublisher(client: NT4Client) throws(NetworkTablesError) -> TargetingTablePublisher? {
        guard self.networktables.server.enabled else { return nil }
        return try TargetingTablePublisher(
            client: client, cameraName: self.cameraName, configuration: self.networktables.targetingTable
        )
    }

    /// The PhotonVision-compatible publisher when NetworkTables and `networktables.photonvision` are enabled,
    /// publishing the calibration's camera matrix and distortion (empty without a calibration), with a time sync
    /// client for the NT server's host (unless `time_sync_port` is 0): run its ``PhotonCameraPublisher/timeSync``.
    /// - Throws: ``NetworkTables/NetworkTablesError`` when a topic name is already taken with another type.
    public func makePhotonPublisher(
        client: NT4Client,
        calibration: CameraCalibration?,
        logger: Logger
    ) throws(NetworkTablesError) -> PhotonCameraPublisher? {
        guard self.networktables.server.enabled, self.networktables.photonvision.enabled else { return nil }
        let intrinsics: [Double] = calibration.map { c -> [Double] in [c.fx, 0, c.cx, 0, c.fy, c.cy, 0, 0, 1] } ?? []
        return try PhotonCameraPublisher(
            client: client,
            cameraName: self.cameraName,
            intrinsics: intrinsics,
            distortion: calibration?.distortion ?? [],
            timeSync: self.networktables.photonvision.timeSyncPort == 0
                ? nil
                : TimeSyncClient(
                    host: self.networktables.server.serverHost, port: self.networktables.photonvision.timeSyncPort,
                    logger: logger)
        )
    }
}
