public import WireFormat

/// Which pipeline runs, and the settings of each (`pipeline` in `targeting.yml`).
public struct PipelineConfiguration: Codable, Sendable, Hashable {
    /// `reflective2019` or `apriltag`.
    public var kind: PipelineKind
    public var reflective2019: Reflective2019Configuration
    public var apriltag: AprilTagConfiguration

    public init(
        kind: PipelineKind = .reflective2019,
        reflective2019: Reflective2019Configuration = .init(),
        apriltag: AprilTagConfiguration = .init()
    ) {
        self.kind = kind
        self.reflective2019 = reflective2019
        self.apriltag = apriltag
    }

    /// Whether the chosen pipeline cannot run without a camera calibration.
    public var needsCalibration: Bool { self.kind == .reflective2019 }

    /// Builds the chosen pipeline: the one place a pipeline is made (the service, `targeting eval` and the
    /// benchmarks all come here).
    /// - Parameter calibration: the camera's calibration; required by reflective2019, gives AprilTag poses.
    /// - Throws: ``VisionError/invalidArgument(_:)`` for a bad setting or a missing calibration.
    public func makePipeline(calibration: CameraCalibration?) throws(VisionError) -> any Pipeline {
        switch self.kind {
        case .reflective2019:
            guard let calibration else {
                throw .invalidArgument("the reflective2019 pipeline needs a camera calibration")
            }
            return try Reflective2019Pipeline(configuration: self.reflective2019, calibration: calibration)
        case .apriltag:
            return try AprilTagPipeline(configuration: self.apriltag, calibration: calibration)
        case .driver:
            throw .invalidArgument("driver mode is not a pipeline: robot code sets it (driverModeRequest)")
        }
    }
}
