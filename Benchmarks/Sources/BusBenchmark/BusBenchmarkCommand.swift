import ArgumentParser
import Foundation

@main
struct BusBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bus-benchmark",
        abstract: "Measure this project's bus against raw C libzmq and Python multiprocessing.Queue, in one run.",
        discussion: """
            Run from the repository root with release builds (scripts/bench-bus.sh does both). The raw C baseline \
            is compiled from ../shared/baselines/zmq_raw.c with cc. Every figure is measured between two processes \
            on this machine with targeting-result-sized messages. The command runs on plain threads (no async \
            main), so each role also runs under valgrind (callgrind) for instruction counts.
            """,
        subcommands: [Compare.self, Produce.self, Consume.self, Echo.self],
        defaultSubcommand: Compare.self
    )
}
