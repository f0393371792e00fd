public import Bus
public import Localization
public import Logging
public import NetworkTables
public import Recording
public import ServiceLifecycle
public import Vision
public import WireFormat

/// Reads frames, runs the pipeline and publishes every result (found or not) to the bus and NetworkTables,
/// on a dedicated camera thread.
public struct TargetingWorker: Service, CustomStringConvertible {
    public var description: String { "TargetingWorker" }

    let config: TargetingConfiguration
    let calibration: CameraCalibration?
    let sender: Handoff<MessageSender>
    let mirror: Handoff<MessageMirror?>
    let localizer: Handoff<FieldPoseLocalizer?>
    let senderCounters: ChannelCounters
    let table: TargetingTablePublisher?
    let photon: PhotonCameraPublisher?
    let recorder: MatchRecorder?
    let statistics = TargetingStatistics()
    let logger: Logger

    /// Creates the worker; it opens the camera and builds the pipeline when run.
    /// - Parameters:
    ///   - sender: the results sender, opened at start-up and taken by the camera thread.
    ///   - mirror: the results mirror for `control tap` (`nil` unless `results.tap_endpoint` is set), taken by the
    ///     camera thread.
    ///   - localizer: the field localizer (`nil` unless `field.layout` is set), made at start-up and taken by the camera thread.
    ///   - senderCounters: the sender's counters, for status.
    ///   - table: where results are published to NetworkTables, if enabled.
    ///   - photon: the PhotonVision-compatible publisher, if enabled.
    ///   - recorder: the match recorder, if `record.mode` is not off; closed after the camera thread.
    public init(
        config: TargetingConfiguration,
        calibration: CameraCalibration?,
        sender: Handoff<MessageSender>,
        mirror: Handoff<MessageMirror?> = Handoff(nil),
        localizer: Handoff<FieldPoseLocalizer?>,
        senderCounters: ChannelCounters,
        table: TargetingTablePublisher?,
        photon: PhotonCameraPublisher? = nil,
        recorder: MatchRecorder? = nil,
        logger: Logger
    ) {
        self.config = config
        self.calibration = calibration
        self.sender = sender
        self.mirror = mirror
        self.localizer = localizer
        self.senderCounters = senderCounters
        self.table = table
        self.photon = photon
        self.recorder = recorder
        self.logger = logger
    }

    public func run() async {
        let worker = VisionWorker(name: "camera", source: self.config.camera) { [self] in
            try self.makeHandler()
        }
        worker.start()
        self.logger.info(
            "targeting started",
            metadata: ["camera": "\(self.config.camera.location)", "pipeline": "\(self.config.pipeline.kind)"]
        )
        if let photon = self.photon {
            let sync = photon.timeSync.map { "PhotonVision UDP time sync with \($0.host):\($0.port)" }
            self.logger.info(
                "PhotonVision tables published",
                metadata: ["table": "\(photon.tablePath)", "robot_time": "\(sync ?? "NT4 time base")"]
            )
        }
        try? await gracefulShutdown()
        // Finish the frame in progress, then release the camera and the sockets.
        await worker.stop()
        await self.recorder?.close()
        if let failure = worker.failure {
            self.logger.error("the camera thread failed", metadata: ["error": "\(failure)"])
        }
    }

    /// Builds the pipeline and takes the sender, on the camera thread that will use them.
    private func makeHandler() throws -> VisionWorker.Handler {
        guard let sender = self.sender.take() else {
            throw VisionError.invalidArgument("the results sender was already taken")
        }
        let pipeline = try self.config.pipeline.makePipeline(calibration: self.calibration)
        let localizer = self.localizer.take() ?? nil
        let mirror = self.mirror.take() ?? nil
        let statistics = self.statistics
        let table = self.table
        let photon = self.photon
        let recorder = self.recorder
        let logger = self.logger
        let calibration = self.calibration
        var warnedSize: (width: Int, height: Int)?
        var control = PhotonCameraControl(pipelines: [pipeline.kind], logger: logger)
        return { event in
            switch event {
            case .frame(let frame, var info):
                if let photon { control.apply(photon.newRequests()) }
                guard control.admits(captureTime: info.captureTime) else { return }
                info.width = frame.width
                info.height = frame.height
                if let calibration, let warning = Self.scalingWarning(calibration, frame.width, frame.height),
                    warnedSize.map({ $0 != (frame.width, frame.height) }) ?? true
                {
                    warnedSize = (frame.width, frame.height)
                    logger.warning("\(warning)")
                }
                let output: PipelineOutput
                do {
                    // Driver mode: no processing, a result without targets (heartbeat and state keep going).
                    output =
                        control.state.driverMode
                        ? .nothing(pipeline.kind, width: frame.width, height: frame.height)
                        : try pipeline.analyze(frame)
                } catch {
                    logger.debug("the pipeline failed on a frame", metadata: ["error": "\(error)"])
                    output = .nothing(pipeline.kind, width: frame.width, height: frame.height)
                }
                var localization: FieldLocalization?
                if let localizer, case .apriltag(let detections) = output {
                    localization = localizer.localize(detections, imageWidth: frame.width, imageHeight: frame.height)
                }
                var result = TargetingResult(output, frame: info, localization: localization)
                if control.state.driverMode { result.pipeline = .driver }  // camstreamer's overlay shows DRIVER MODE
                do {
                    try sender.send(.targetingResult(result))
                    try mirror?.send(.targetingResult(result))
                } catch {
                    logger.error("cannot send a result", metadata: ["error": "\(error)"])
                }
                do {
                    try table?.publish(result)
                    try photon?.publish(result, state: control.state)
                } catch {
                    logger.debug("NetworkTables publish failed", metadata: ["error": "\(error)"])
                }
                statistics.record(result)
                recorder?.record(frame, result, sourceJPEG: info.sourceJPEG)
            case .noFrame(let reason):
                if statistics.recordNoFrame() {
                    logger.warning("no frame from the camera", metadata: ["reason": "\(reason)"])
                }
            case .finished:
                logger.info("the camera source finished")
            }
        }
    }

    /// The warning for frames whose size differs from the calibration's, which the pipeline and the field localizer
    /// then scale to the frame (same field of view assumed); nil when the sizes agree.
    static func scalingWarning(_ calibration: CameraCalibration, _ width: Int, _ height: Int) -> String? {
        guard width != calibration.width || height != calibration.height else { return nil }
        let sameShape = width * calibration.height == height * calibration.width
        return "the calibration is for \(calibration.width)x\(calibration.height) but the camera delivers "
            + "\(width)x\(height) frames: scaling the calibration to them"
            + (sameShape ? " (same field of view assumed)" : " although the aspect ratio differs (poses will be off)")
            + "; calibrate at the camera's resolution for full accuracy"
    }

    /// Figures for status.
    public func figures() -> [ServiceStatus.Figure] {
        var figures = self.statistics.figures() + [
            .init(name: "results_sent", value: Double(self.senderCounters.sent)),
            .init(name: "results_dropped", value: Double(self.senderCounters.dropped)),
        ]
        if let sync = self.photon?.timeSync?.statistics {
            // robot_time_synced 0: PhotonLib's timestamps fall back to the NT4 time base (no pong yet).
            figures += [
                .init(name: "robot_time_synced", value: sync.offsetMicros == nil ? 0 : 1),
                .init(name: "time_sync_rtt_us", value: Double(sync.roundTripMicros ?? -1)),
                .init(name: "time_since_pong_ms", value: sync.microsSinceLastPong.map { Double($0) / 1_000 } ?? -1),
                .init(name: "time_sync_pongs_rejected", value: Double(sync.pongsRejected)),
            ]
        }
        return figures + (self.recorder?.figures() ?? [])
    }
}
