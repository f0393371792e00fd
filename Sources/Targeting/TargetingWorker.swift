import Bus
import Logging
import NetworkTables
import ServiceLifecycle
import ServiceRuntime
import Vision
import WireFormat

/// Reads frames, runs the pipeline and publishes every result (found or not) to the bus and NetworkTables,
/// on a dedicated camera thread.
struct TargetingWorker: Service, CustomStringConvertible {
    var description: String { "TargetingWorker" }

    let config: TargetingConfiguration
    let calibration: CameraCalibration?
    let sender: SenderHandoff
    let senderCounters: ChannelCounters
    let table: TargetingTablePublisher?
    let statistics = TargetingStatistics()
    let logger: Logger

    func run() async {
        let worker = VisionWorker(name: "camera", source: self.config.camera) { [self] in
            try self.makeHandler()
        }
        worker.start()
        self.logger.info("targeting started", metadata: ["camera": "\(self.config.camera.location)", "pipeline": "\(self.config.pipeline.kind)"])
        try? await gracefulShutdown()
        // Finish the frame in progress, then release the camera and the sockets.
        await worker.stop()
        if let failure = worker.failure {
            self.logger.error("the camera thread failed", metadata: ["error": "\(failure)"])
        }
    }

    /// Builds the pipeline and takes the sender, on the camera thread that will use them.
    private func makeHandler() throws -> VisionWorker.Handler {
        guard let sender = self.sender.take() else {
            throw VisionError.invalidArgument("the results sender was already taken")
        }
        let process = try self.makePipeline()
        let statistics = self.statistics
        let table = self.table
        let logger = self.logger
        return { event in
            switch event {
            case .frame(let frame, let info):
                var result = process(frame, info)
                result.pipelineLatencyMicroseconds = UInt32(clamping: (MonotonicClock.now() - info.captureTime) / 1000)
                do {
                    try sender.send(.targetingResult(result))
                } catch {
                    logger.error("cannot send a result", metadata: ["error": "\(error)"])
                }
                do {
                    try table?.publish(result)
                } catch {
                    logger.debug("NetworkTables publish failed", metadata: ["error": "\(error)"])
                }
                statistics.record(result)
            case .noFrame(let reason):
                if statistics.recordNoFrame() { logger.warning("no frame from the camera", metadata: ["reason": "\(reason)"]) }
            case .finished:
                logger.info("the camera source finished")
            }
        }
    }

    private func makePipeline() throws -> (Frame, FrameInfo) -> TargetingResult {
        switch self.config.pipeline.kind {
        case "apriltag":
            let detector = try AprilTagPipeline(configuration: self.config.pipeline.apriltag, calibration: self.calibration)
            var detections: [AprilTagDetection] = []
            return { frame, info in
                do {
                    try detector.detect(frame, into: &detections)
                } catch {
                    detections.removeAll()
                }
                return AprilTagPipeline.targetingResult(
                    detections,
                    imageWidth: frame.width,
                    imageHeight: frame.height,
                    captureTime: info.captureTime,
                    frameNumber: UInt32(truncatingIfNeeded: info.frameNumber),
                    latencyMicroseconds: 0
                )
            }
        default:
            guard let calibration = self.calibration else {
                throw VisionError.invalidArgument("reflective2019 needs a camera calibration")
            }
            let pipeline = try Reflective2019Pipeline(configuration: self.config.pipeline.reflective2019, calibration: calibration)
            return { frame, info in
                let target = (try? pipeline.process(frame))
                    ?? Target2019.notFound(width: frame.width, height: frame.height)
                return target.targetingResult(
                    captureTime: info.captureTime,
                    frameNumber: UInt32(truncatingIfNeeded: info.frameNumber),
                    latencyMicroseconds: 0
                )
            }
        }
    }

    /// Figures for status.
    func figures() -> [ServiceStatus.Figure] {
        self.statistics.figures() + [
            .init(name: "results_sent", value: Double(self.senderCounters.sent)),
            .init(name: "results_dropped", value: Double(self.senderCounters.dropped)),
        ]
    }
}
