import Foundation
public import Logging
public import NetworkTables
public import Recording
public import Vision

extension TargetingConfiguration {
    /// The NetworkTables topic whose bit 0 says the robot is enabled (WPILib's DriverStation publishes it).
    static let fmsControlDataTopic = "/FMSInfo/FMSControlData"

    /// The match recorder when `record.mode` is not off, storing this configuration and `calibration` in every segment
    /// for replay; it follows the robot's enabled state and clock through `client` when NetworkTables is enabled.
    /// - Throws: ``Recording/RecordingError`` when the recording folder cannot be created.
    public func makeRecorder(
        client: NT4Client,
        calibration: CameraCalibration?,
        logger: Logger
    ) throws(RecordingError) -> MatchRecorder? {
        guard self.record.isEnabled else { return nil }
        var robot = RobotLink.none
        if self.networktables.server.enabled {
            if self.record.mode == .enabled { _ = client.subscribe([Self.fmsControlDataTopic], prefix: false) }
            robot = RobotLink(
                isEnabled: {
                    guard client.isConnected, let update = client.latestValue(of: Self.fmsControlDataTopic) else {
                        return nil
                    }
                    switch update.value {
                    case .int(let bits): return bits & 1 != 0
                    case .double(let bits) where bits.isFinite && abs(bits) < 1e9: return Int64(bits) & 1 != 0
                    default: return nil
                    }
                },
                robotTime: { client.serverTime(localMicros: $0) }
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let configJSON = (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let calibrationJSON = (try? calibration.map(encoder.encode)).flatMap { $0 }.map {
            String(decoding: $0, as: UTF8.self)
        } ?? ""
        return try MatchRecorder(
            configuration: self.record, cameraName: self.cameraName, configJSON: configJSON,
            calibrationJSON: calibrationJSON, robot: robot, logger: logger
        )
    }
}
