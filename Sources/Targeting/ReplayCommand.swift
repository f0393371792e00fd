import ArgumentParser
import ServiceRuntime
import TargetingService

/// `targeting replay`: runs the pipeline over a recorded segment and prints each frame's recorded and replayed
/// results, then a summary.
struct ReplayCommand: ParsableCommand {
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

    @Argument(help: "The segment's .wpilog file.")
    var segment: String

    func run() throws {
        do {
            let replay = try SegmentReplay(segment: self.segment)
            let summary = try replay.run(try replay.configuration(overlay: self.config)) { print($0) }
            print(summary.jsonLine)
        } catch {
            ServiceLauncher.fail("\(error)")
        }
    }
}
