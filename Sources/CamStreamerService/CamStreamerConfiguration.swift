public import Bus
public import NetworkTables
public import ServiceRuntime
public import Streaming
public import Vision

/// `camstreamer.yml`: where targeting results arrive and how they are taken.
public struct CamStreamerConfiguration: ServiceConfiguration {
    /// One staleness rule for the overlay and the results monitor.
    public static let movedKeys = ["streaming.overlay.stale_after_seconds": "results.stale_after_seconds"]

    /// The results queue (PULL side).
    public struct Results: Codable, Sendable, Hashable {
        /// Endpoints to listen on for targeting results.
        public var bind: [String] = ["tcp://*:5805"]
        /// Endpoints to connect to instead (when targeting binds).
        public var connect: [String] = []
        /// `latest` (only the newest result; what overlays need) or `queue` (every result, in order).
        public var mode: String = "latest"
        /// Results waiting at most, in `queue` mode.
        public var depth: Int = 100
        /// Results older than this (since capture, on this host's clock) are stale: the overlay shows "STALE"
        /// without a steering cue and the monitor warns.
        public var staleAfterSeconds: Double = 0.5

        public var consumerMode: ConsumerMode { self.mode == "queue" ? .queue(depth: self.depth) : .latest }
        public var endpoints: Endpoints { Endpoints(bind: self.bind, connect: self.connect) }
    }

    /// One camera and its stream.
    public struct Camera: Codable, Sendable, Hashable {
        /// The stream's name (also its `/CameraPublisher/<name>` table).
        public var name: String
        /// Where frames come from (`kind`: usb, ip, file, images or synthetic).
        public var source: FrameSourceConfiguration
        /// Draw the targeting overlay on this camera (the seed drew it on the first camera only).
        public var overlay: Bool
    }

    /// The demo cameras, 640x480 at 30 fps: `front` shows targeting's demo scene at the same moment (so its overlay
    /// lies on the target), `rear` a fixed target.
    public static let demoCameras: [Camera] = [
        Camera(
            name: "front",
            source: .synthetic(.demo(width: 640, height: 480)),
            overlay: true
        ),
        Camera(
            name: "rear",
            source: .synthetic(
                SyntheticSourceSettings(
                    calibration: .ideal(width: 640, height: 480, horizontalFOVDegrees: 70),
                    poses: [SyntheticTargetPose(distanceMeters: 3, skewDegrees: 25)],
                    fps: 30,
                    secondsPerPose: 2
                )
            ),
            overlay: false
        ),
    ]

    public var service = ServiceSection(name: "camstreamer", control: "tcp://*:5802")
    public var results = Results()
    /// CURVE keys for the control endpoint and the results channel.
    public var security = SecuritySection()
    public var cameras = Self.demoCameras
    /// The MJPEG servers (ports from `base_port`, one per camera in order), bandwidth budget and overlay style.
    public var streaming = StreamingConfiguration()
    /// `/CameraPublisher` entries so dashboards list the streams.
    /// Off by default (the demo has no robot); on the robot set `server.enabled: true` and the roboRIO's address.
    public var networktables = {
        var configuration = NetworkTablesConfiguration()
        configuration.server.enabled = false
        return configuration
    }()

    /// ``streaming`` with one stream per camera.
    public var streamingWithCameras: StreamingConfiguration {
        var streaming = self.streaming
        streaming.streams = self.cameras.map { StreamingConfiguration.Stream(name: $0.name) }
        return streaming
    }

    public init() {}

    public func validate() throws(ConfigError) {
        guard ["latest", "queue"].contains(self.results.mode) else {
            throw .invalid("results.mode must be `latest` or `queue`, not `\(self.results.mode)`")
        }
        guard (1...100_000).contains(self.results.depth) else { throw .invalid("results.depth must be 1...100000") }
        guard !self.results.bind.isEmpty || !self.results.connect.isEmpty else {
            throw .invalid("results needs a `bind` or `connect` endpoint")
        }
        guard self.results.staleAfterSeconds > 0 else { throw .invalid("results.stale_after_seconds must be > 0") }
        guard !self.cameras.isEmpty else { throw .invalid("cameras must list at least one camera") }
        for camera in self.cameras where !(camera.source.synthetic?.hasValidTiming ?? true) {
            throw .invalid("cameras \(camera.name): source.synthetic.seconds_per_pose must be at least 0.001")
        }
        guard Set(self.cameras.map(\.name)).count == self.cameras.count else {
            throw .invalid("camera names must be unique")
        }
        do {
            try self.streamingWithCameras.validate()
        } catch {
            throw .invalid("streaming: \(error)")
        }
    }
}
