import Bus
import NetworkTables
import ServiceRuntime
import Streaming
import Vision

/// `camstreamer.yml`: where targeting results arrive and how they are taken.
struct CamStreamerConfiguration: ServiceConfiguration {
    /// The results queue (PULL side).
    struct Results: Codable, Sendable, Hashable {
        /// Endpoints to listen on for targeting results.
        var bind: [String] = ["tcp://*:5805"]
        /// Endpoints to connect to instead (when targeting binds).
        var connect: [String] = []
        /// `latest` (only the newest result; what overlays need) or `queue` (every result, in order).
        var mode: String = "latest"
        /// Results waiting at most, in `queue` mode.
        var depth: Int = 100
        /// Results older than this are shown as stale.
        var staleAfterSeconds: Double = 0.5

        var consumerMode: ConsumerMode { self.mode == "queue" ? .queue(depth: self.depth) : .latest }
        var endpoints: Endpoints { Endpoints(bind: self.bind, connect: self.connect) }
    }

    /// One camera and its stream.
    struct Camera: Codable, Sendable, Hashable {
        /// The stream's name (also its `/CameraPublisher/<name>` table).
        var name: String
        /// Where frames come from (`kind`: usb, ip, file, images or synthetic).
        var source: FrameSourceConfiguration
        /// Draw the targeting overlay on this camera (the seed drew it on the first camera only).
        var overlay: Bool
    }

    /// The demo cameras: the rendered 2019 target at a few poses, 640x480 at 30 fps.
    static let demoCameras: [Camera] = [
        Camera(
            name: "front",
            source: .synthetic(
                SyntheticSourceSettings(
                    calibration: .ideal(width: 640, height: 480, horizontalFOVDegrees: 61),
                    poses: [SyntheticTargetPose(distanceMeters: 1.5, yawDegrees: 5), SyntheticTargetPose(distanceMeters: 2.5, yawDegrees: -12)],
                    fps: 30
                )
            ),
            overlay: true
        ),
        Camera(
            name: "rear",
            source: .synthetic(
                SyntheticSourceSettings(
                    calibration: .ideal(width: 640, height: 480, horizontalFOVDegrees: 70),
                    poses: [SyntheticTargetPose(distanceMeters: 3, skewDegrees: 25)],
                    fps: 30
                )
            ),
            overlay: false
        ),
    ]

    var service = ServiceSection(name: "camstreamer", control: "tcp://*:5802")
    var results = Results()
    var cameras = Self.demoCameras
    /// The MJPEG servers (ports from `base_port`, one per camera in order), bandwidth budget and overlay style.
    var streaming = StreamingConfiguration()
    /// `/CameraPublisher` entries so dashboards list the streams.
    /// Off by default (the demo has no robot); on the robot set `server.enabled: true` and the roboRIO's address.
    var networktables = {
        var configuration = NetworkTablesConfiguration()
        configuration.server.enabled = false
        return configuration
    }()

    /// ``streaming`` with one stream per camera.
    var streamingWithCameras: StreamingConfiguration {
        var streaming = self.streaming
        streaming.streams = self.cameras.map { StreamingConfiguration.Stream(name: $0.name) }
        return streaming
    }

    func validate() throws(ConfigError) {
        guard ["latest", "queue"].contains(self.results.mode) else {
            throw .invalid("results.mode must be `latest` or `queue`, not `\(self.results.mode)`")
        }
        guard (1...100_000).contains(self.results.depth) else { throw .invalid("results.depth must be 1...100000") }
        guard !self.results.bind.isEmpty || !self.results.connect.isEmpty else {
            throw .invalid("results needs a `bind` or `connect` endpoint")
        }
        guard self.results.staleAfterSeconds > 0 else { throw .invalid("results.stale_after_seconds must be > 0") }
        guard !self.cameras.isEmpty else { throw .invalid("cameras must list at least one camera") }
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
