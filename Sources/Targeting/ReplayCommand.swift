import ArgumentParser
import ServiceRuntime
import TargetingService
import Vision

/// `targeting replay`: runs the pipeline over a recorded segment and prints each frame's recorded and replayed
/// results, then a summary.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run the pipeline over a recorded segment and compare with the recorded results.",
        discussion: """
            SEGMENT is a .wpilog written by `record` with its .mkv beside it (same stem). Without --config the recorded \
            configuration and calibration run again; --config FILE lays its keys over the recorded configuration \
            (for example only pipeline.apriltag.quad_decimate). Prints one JSON line per frame (recorded and replayed \
            target ids and field pose, whether identical, pose change), then a summary line.
            """
    )

    @Option(help: "A targeting config file whose keys replace the recorded ones.")
    var config: String?

    @Flag(help: "Play the segment through the running system instead: results on the bus and NetworkTables at the recorded rate, looped until stopped.")
    var publish = false

    @Argument(help: "The segment's .wpilog file.")
    var segment: String

    func run() async throws {
        let replay: SegmentReplay
        let configuration: TargetingConfiguration
        do {
            replay = try SegmentReplay(segment: self.segment)
            configuration = try replay.configuration(overlay: self.config)
        } catch {
            ServiceLauncher.fail("\(error)")
        }
        if self.publish {
            let calibration: CameraCalibration?
            do { calibration = try replay.calibration(for: configuration) } catch { ServiceLauncher.fail("calibration: \(error)") }
            guard await TargetingAssembly.run(replay.publishing(configuration), calibration: calibration) else { throw ExitCode.failure }
        } else {
            do { print(try replay.run(configuration) { print($0) }.jsonLine) } catch { ServiceLauncher.fail("\(error)") }
        }
    }
}
