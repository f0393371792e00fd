import Logging
import NetworkTables
import WireFormat

/// The camera's settings robot code changes through PhotonLib (``NetworkTables/PhotonRequest``), kept and applied on
/// the camera thread: which pipeline runs (targeting has one, index 0), driver mode (no processing: results without
/// targets) and the processing rate limit. Malformed requests and unknown pipeline indices are logged and change
/// nothing.
struct PhotonCameraControl {
    /// The configured pipelines, by index.
    let pipelines: [PipelineKind]
    let logger: Logger
    /// The current settings, published with every result.
    private(set) var state = PhotonCameraState()
    private var lastProcessedCapture: UInt64?

    init(pipelines: [PipelineKind], logger: Logger) {
        self.pipelines = pipelines
        self.logger = logger
    }

    /// Applies requests in order.
    mutating func apply(_ requests: [PhotonRequest]) {
        for request in requests {
            switch request {
            case .pipelineIndex(let index):
                guard self.pipelines.indices.contains(index) else {
                    let known = self.pipelines.enumerated().map { "\($0.offset): \($0.element)" }
                    let message =
                        "ignored pipelineIndexRequest \(index): targeting has \(self.pipelines.count) pipeline(s) "
                        + "(\(known.joined(separator: ", "))); the pipeline stays \(self.state.pipelineIndex)"
                    self.logger.warning("\(message)")
                    continue
                }
                self.change(\.pipelineIndex, to: index, "pipeline index \(index) (\(self.pipelines[index]))")
            case .driverMode(let on):
                self.change(\.driverMode, to: on, on ? "driver mode on: processing paused" : "driver mode off")
            case .fpsLimit(let limit):
                self.change(\.fpsLimit, to: limit, "FPS limit \(limit.map { "\($0)" } ?? "off (unlimited)")")
            case .malformed(let key, let reason):
                self.logger.warning("ignored \(key): \(reason); nothing changed")
            }
        }
    }

    /// Whether to process the frame captured at `captureTime` (``WireFormat/MonotonicClock`` ns) under the FPS
    /// limit; remembers it when so. A frame is let through from 90 % of the limit's interval, so that a camera
    /// running at the limit is not halved by jitter.
    mutating func admits(captureTime: UInt64) -> Bool {
        if let limit = self.state.fpsLimit, let last = self.lastProcessedCapture, captureTime > last,
            Double(captureTime - last) < 0.9e9 / Double(limit)
        {
            return false
        }
        self.lastProcessedCapture = captureTime
        return true
    }

    private mutating func change<Value: Equatable>(
        _ setting: WritableKeyPath<PhotonCameraState, Value>, to value: Value, _ description: String
    ) {
        guard self.state[keyPath: setting] != value else { return }
        self.state[keyPath: setting] = value
        self.logger.info("robot code set \(description)")
    }
}
