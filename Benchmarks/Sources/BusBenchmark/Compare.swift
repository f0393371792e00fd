import ArgumentParser
import Bus
import Foundation
import WireFormat

/// Runs every measurement and prints the table (or one JSON object).
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run all measurements and print the comparison (the default)."
    )

    @Option(help: "Messages of every throughput run, the same count for this bus, raw C and mp.Queue.")
    var messages = 2_000_000

    // Nine by default: throughput between two processes on two cores varies round to round by up to 3x on both
    // sides (libzmq's batching depends on which thread runs ahead), so a median of five moves with one round.
    @Option(help: "Rounds: raw C, this bus and mp.Queue take turns in each (ABAB); medians and spreads are reported.")
    var rounds = 9

    @Option(help: "Stop cycles of the two-service stack (0 skips them).")
    var stopCycles = 50

    @Option(help: "kill -9 cycles of targeting under control up (0 skips them).")
    var killCycles = 20

    @Option(help: "Folder with the shared baselines (zmq_raw.c).")
    var baselines = "../shared/baselines"

    @Option(help: "Folder with this package's peers (mpqueue-bytes.py).")
    var peers = "Benchmarks/peers"

    @Option(help: "Folder with release builds of targeting, camstreamer and control (for the stop and kill cycles).")
    var services = ".build/release"

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard self.rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        guard self.messages >= 2 else { throw ValidationError("--messages must be at least 2") }
        guard self.stopCycles >= 0, self.killCycles >= 0 else { throw ValidationError("cycles cannot be negative") }
    }

    func run() throws {
        let baselines = URL(fileURLWithPath: self.baselines)
        guard FileManager.default.fileExists(atPath: baselines.appendingPathComponent("zmq_raw.c").path) else {
            throw ValidationError(
                "no zmq_raw.c in \(baselines.path): the raw C baseline lives in ../shared/baselines beside the "
                    + "repository; run from the repository root or pass --baselines"
            )
        }
        let services = URL(fileURLWithPath: self.services)
        if self.stopCycles + self.killCycles > 0 {
            for name in ["targeting", "camstreamer", "control"]
            where !FileManager.default.isExecutableFile(atPath: services.appendingPathComponent(name).path) {
                throw ValidationError("no \(name) in \(services.path): build it (swift build -c release) or pass --services")
            }
        }
        let size = sampleMessageSize(sender: "targeting")
        let python = try Baselines.pythonVersion()
        let compiler = try ChildProcess.run("/usr/bin/env", ["cc", "-dumpfullversion"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let peer = "libzmq \(ZMQContext.libraryVersion) (raw C zmq_raw.c, cc \(compiler) -O2), "
            + "Python \(python) multiprocessing.Queue"
        log("peer: \(peer)")

        let rawBinary = try Baselines.compileRawC(baselines)
        defer { try? FileManager.default.removeItem(at: rawBinary) }
        var raw: [Baselines.RawC] = []
        var mpqueue: [Baselines.MultiprocessingQueue] = []
        var busRates: [Double] = []
        var rawOneCore: [Double] = []
        var busOneCore: [Double] = []
        var busRTTs: [Percentiles] = []
        // The machine's load moves every figure: the peers take turns within each round, and each ratio is
        // taken within a round before the median over the rounds.
        for round in 1...self.rounds {
            log(
                "round \(round) of \(self.rounds): raw C libzmq, this bus, mp.Queue, then raw C and this bus on one core "
                    + "(\(self.messages) messages of \(size) B)..."
            )
            raw.append(try Baselines.rawC(rawBinary, messages: self.messages, size: size))
            busRates.append(try Measurements.throughput(messages: self.messages))
            busRTTs.append(try Measurements.roundTrips(Baselines.rawCRoundTrips))
            mpqueue.append(
                try Baselines.multiprocessingQueue(URL(fileURLWithPath: self.peers), messages: self.messages, size: size)
            )
            rawOneCore.append(
                try Baselines.rawC(rawBinary, messages: self.messages, size: size, oneCore: true).messagesPerSecond)
            busOneCore.append(try Measurements.throughput(messages: self.messages, oneCore: true))
        }
        let indices = 0..<self.rounds
        let figures = Figures(
            busRate: Spread(busRates),
            rawRate: Spread(raw.map(\.messagesPerSecond)),
            mpqueueRate: Spread(mpqueue.map(\.messagesPerSecond)),
            busVsRaw: Spread(indices.map { busRates[$0] / raw[$0].messagesPerSecond }),
            busVsMpqueue: Spread(indices.map { busRates[$0] / mpqueue[$0].messagesPerSecond }),
            busRateOneCore: Spread(busOneCore),
            rawRateOneCore: Spread(rawOneCore),
            busVsRawOneCore: Spread(indices.map { busOneCore[$0] / rawOneCore[$0] }),
            busRTT50: Spread(busRTTs.map(\.p50)),
            busRTT99: Spread(busRTTs.map(\.p99)),
            rawRTT50: Spread(raw.map(\.rttP50)),
            rawRTT99: Spread(raw.map(\.rttP99)),
            mpqueueRTT50: Spread(mpqueue.map(\.rttP50)),
            busVsRawRTT: Spread(indices.map { busRTTs[$0].p50 / raw[$0].rttP50 })
        )

        var stop: Measurements.StopTimes?
        if self.stopCycles > 0 {
            log("stop sent -> acknowledged -> all exited, \(self.stopCycles) cycles of targeting + camstreamer...")
            stop = try Measurements.stopCycles(self.stopCycles, services: services)
        }
        var restart: Percentiles?
        if self.killCycles > 0 {
            log("kill -9 to the first result of the restarted targeting, \(self.killCycles) cycles...")
            restart = try Measurements.restartAfterKill(
                self.killCycles, restartDelay: Self.restartDelay, services: services
            )
        }

        if self.json {
            var object: [String: Any] = [
                "peer": peer,
                "message_bytes": size,
                "messages": self.messages,
                "round_trips": Baselines.rawCRoundTrips,
                "rounds": self.rounds,
            ]
            for (key, value) in figures.keyed { object[key] = value }
            if let stop {
                object["stop_acknowledged_p50_ms"] = stop.acknowledged.p50
                object["stop_acknowledged_p99_ms"] = stop.acknowledged.p99
                object["stop_all_exited_p50_ms"] = stop.allExited.p50
                object["stop_all_exited_p99_ms"] = stop.allExited.p99
                object["stop_cycles"] = self.stopCycles
            }
            if let restart {
                object["kill_to_first_result_p50_ms"] = restart.p50
                object["kill_to_first_result_p99_ms"] = restart.p99
                object["kill_restart_delay_ms"] = Self.restartDelay * 1000
                object["kill_cycles"] = self.killCycles
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("peer: \(peer)")
            print(figures.table(size: size, messages: self.messages, rounds: self.rounds))
            if let stop {
                print(
                    String(
                        format: "stop sent -> both acknowledged: p50 %.1f ms, p99 %.1f ms; -> both exited: p50 %.1f ms, "
                            + "p99 %.1f ms (%d cycles of targeting + camstreamer; the seed: fixed 2 s sleep, then kill)",
                        stop.acknowledged.p50, stop.acknowledged.p99, stop.allExited.p50, stop.allExited.p99,
                        self.stopCycles
                    )
                )
            }
            if let restart {
                print(
                    String(
                        format: "kill -9 -> first result of the restarted targeting: p50 %.1f ms, p99 %.1f ms "
                            + "(control up, restart delay %d ms included, %d cycles)",
                        restart.p50, restart.p99, Int(Self.restartDelay * 1000), self.killCycles
                    )
                )
            }
            print("Targets: throughput >= 0.95x raw C and >= 10x mp.Queue; round trip p50 <= 1.2x raw C; stop p50 < 100 ms.")
        }
    }

    /// The restart delay of the kill cycles (`control up` defaults to 0.5 s, doubling on repeated crashes).
    static let restartDelay = 0.05
}

/// Progress on standard error, so `--json` output stays clean.
func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
