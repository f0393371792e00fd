public import Bus
public import NetworkTables
public import Recording
public import ServiceRuntime
public import Vision
import WireFormat

/// `targeting.yml`: the camera, the pipeline, and where results go (the bus and NetworkTables).
public struct TargetingConfiguration: ServiceConfiguration {
    /// The results queue (PUSH side).
    public struct Results: Codable, Sendable, Hashable {
        /// Endpoints to connect to (the camera streamer listens).
        public var connect: [String] = ["tcp://127.0.0.1:5805"]
        /// Endpoints to listen on instead (when consumers connect).
        public var bind: [String] = []
        /// Results queued per consumer before new ones are dropped (and counted).
        public var highWaterMark: Int = 100
        /// Where a copy of every result is published for `control tap` (PUB, a few results queued per observer,
        /// never blocking); empty: off. Use a loopback address, e.g. `tcp://127.0.0.1:5806`, unless observers run
        /// on other hosts.
        public var tapEndpoint = ""

        public var endpoints: Endpoints { Endpoints(bind: self.bind, connect: self.connect) }
    }

    /// The demo camera: the demo scene (``Vision/SyntheticSourceSettings/demo(width:height:)``) seen by a
    /// LifeCam-like 320x240 camera; camstreamer's overlay camera shows the same scene at the same moment.
    static let demoCamera = FrameSourceConfiguration.synthetic(.demo(width: 320, height: 240))

    public var service = ServiceSection(name: "targeting", control: "tcp://*:5801")
    public var results = Results()
    /// CURVE keys for the control endpoint and the results channel.
    public var security = SecuritySection()
    /// The camera's name: the NetworkTables table is `/vision/<camera_name>`.
    public var cameraName = "main"
    /// Where frames come from (`kind`: usb, ip, file, images or synthetic).
    public var camera = Self.demoCamera
    /// OpenCV camera calibration JSON for usb/ip/file/images cameras (the synthetic camera brings its own).
    public var calibration = ""
    /// Which pipeline runs (`kind`: reflective2019 or apriltag) and the settings of each.
    public var pipeline = PipelineConfiguration()
    /// Field localization: the AprilTag field layout (empty: none) and where the camera sits on the robot.
    public var field = FieldConfiguration()
    /// Off by default (the demo has no robot); on the robot set `server.enabled: true` and the roboRIO's address.
    public var networktables = Self.networkTablesOff
    /// Match recording: frames into MJPEG Matroska, results into a WPILib DataLog (off by default).
    public var record = RecordConfiguration()

    public init() {}

    static var networkTablesOff: NetworkTablesConfiguration {
        var configuration = NetworkTablesConfiguration()
        configuration.server.enabled = false
        return configuration
    }

    public func validate() throws(ConfigError) {
        guard !self.results.bind.isEmpty || !self.results.connect.isEmpty else {
            throw .invalid("results needs a `connect` or `bind` endpoint")
        }
        guard (1...100_000).contains(self.results.highWaterMark) else {
            throw .invalid("results.high_water_mark must be 1...100000")
        }
        guard self.camera.synthetic?.hasValidTiming ?? true else {
            throw .invalid("camera.synthetic.seconds_per_pose must be a number of at least 0.001")
        }
        guard self.results.tapEndpoint.isEmpty || self.results.tapEndpoint.contains("://") else {
            throw .invalid("results.tap_endpoint `\(self.results.tapEndpoint)` is not an endpoint like tcp://127.0.0.1:5806")
        }
        if self.pipeline.needsCalibration, self.camera.synthetic == nil, self.calibration.isEmpty {
            throw .invalid("the \(self.pipeline.kind) pipeline needs the camera's calibration: set `calibration` to its JSON file")
        }
        do {
            try self.field.validate()
        } catch {
            guard case .invalidArgument(let message) = error else { throw .invalid(error.description) }
            throw .invalid(message)
        }
        do {
            try self.networktables.photonvision.validate()
        } catch {
            throw .invalid("\(error)")
        }
        if self.field.isEnabled, self.pipeline.kind != .apriltag {
            throw .invalid("field.layout is set but pipeline.kind is \(self.pipeline.kind); field localization needs apriltag")
        }
        if self.field.isEnabled, self.camera.synthetic == nil, self.calibration.isEmpty {
            throw .invalid("field.layout is set: field localization needs the camera's calibration in `calibration`")
        }
        do {
            try self.record.validate()
        } catch {
            throw .invalid(error.description)
        }
        if self.record.mode == .enabled, !self.networktables.server.enabled {
            throw .invalid(
                "record.mode enabled follows the robot's enabled state over NetworkTables: set networktables.server.enabled"
            )
        }
    }

    /// The calibration the pipeline uses: the synthetic camera's own, or the configured file.
    public func loadCalibration() throws(CalibrationError) -> CameraCalibration? {
        if let synthetic = self.camera.synthetic, self.calibration.isEmpty { return synthetic.calibration }
        return self.calibration.isEmpty ? nil : try CameraCalibration.load(path: self.calibration)
    }
}
