import ArgumentParser
import Foundation

@main
struct BusBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bus-benchmark",
        abstract: "Measure this project's bus against raw C libzmq and Python multiprocessing.Queue, in one run.",
        discussion: """
            Run from the repository root with a release build (scripts/bench-bus.sh does both). The baselines are \
            read from ../shared/baselines (raw C is compiled with cc). Every figure is measured between two \
            processes on this machine with targeting-result-sized messages.
            """,
        subcommands: [Compare.self, Produce.self, Consume.self, Echo.self],
        defaultSubcommand: Compare.self
    )
}
