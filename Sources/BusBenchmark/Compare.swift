import ArgumentParser
import Bus
import Foundation
import Logging
import WireFormat

/// Runs every measurement and prints the table (or one JSON object).
struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run all measurements and print the comparison (the default)."
    )

    @Option(help: "Messages for the throughput runs.")
    var messages = 2_000_000

    @Option(help: "Round trips for the latency runs.")
    var roundTrips = 20_000

    @Option(help: "Rounds of the throughput and round-trip runs, this bus and raw C taking turns; medians are reported.")
    var rounds = 5

    @Option(help: "Stop cycles of the two-service stack.")
    var stopCycles = 50

    @Option(help: "Folder with the baseline programs.")
    var baselines = "../shared/baselines"

    @Option(help: "kill -9 cycles of targeting under control up.")
    var killCycles = 20

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() async throws {
        let baselines = URL(fileURLWithPath: self.baselines)
        guard FileManager.default.fileExists(atPath: baselines.appendingPathComponent("zmq_raw.c").path) else {
            throw ValidationError("no zmq_raw.c in \(baselines.path); run from the repository root or pass --baselines")
        }
        var encoded: [UInt8] = []
        WireFormat.encode(.targetingResult(sampleResult), sequence: 0, sender: "targeting", into: &encoded)
        let size = encoded.count

        guard self.rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        // The machine's load moves every figure: raw C and this bus take turns, and each figure is a median.
        var rawRuns: [Baselines.RawC] = []
        var mpqueueRuns: [Baselines.MultiprocessingQueue] = []
        var busRates: [Double] = []
        var busRTTs: [Percentiles] = []
        for round in 1...self.rounds {
            log("round \(round) of \(self.rounds): raw C libzmq (\(size)-byte messages), mp.Queue, this bus...")
            rawRuns.append(try Baselines.rawC(baselines, messages: self.messages, size: size))
            mpqueueRuns.append(try Baselines.multiprocessingQueue(baselines, messages: min(self.messages, 400_000)))
            busRates.append(try Measurements.throughput(messages: self.messages))
            busRTTs.append(try Measurements.roundTrips(self.roundTrips))
        }
        let raw = Baselines.RawC(
            messagesPerSecond: median(rawRuns.map(\.messagesPerSecond)),
            rttP50: median(rawRuns.map(\.rttP50)),
            rttP99: median(rawRuns.map(\.rttP99))
        )
        let busRate = median(busRates)
        let busRTT = Percentiles(p50: median(busRTTs.map(\.p50)), p99: median(busRTTs.map(\.p99)))
        let mpqueue = Baselines.MultiprocessingQueue(
            messagesPerSecond: median(mpqueueRuns.map(\.messagesPerSecond)),
            rttP50: median(mpqueueRuns.map(\.rttP50))
        )
        log("stop to all exited, \(self.stopCycles) cycles of targeting + camstreamer...")
        let stop = try await Measurements.stopCycles(self.stopCycles)
        log("kill -9 to the first result of the restarted targeting, \(self.killCycles) cycles...")
        let restart = try await Measurements.restartAfterKill(self.killCycles, restartDelay: Self.restartDelay)

        let figures: [(String, Double)] = [
            ("message_bytes", Double(size)),
            ("bus_msgs_per_s", busRate),
            ("raw_c_msgs_per_s", raw.messagesPerSecond),
            ("mpqueue_msgs_per_s", mpqueue.messagesPerSecond),
            ("bus_vs_raw_c_throughput", busRate / raw.messagesPerSecond),
            ("bus_vs_mpqueue_throughput", busRate / mpqueue.messagesPerSecond),
            ("bus_rtt_p50_us", busRTT.p50),
            ("bus_rtt_p99_us", busRTT.p99),
            ("raw_c_rtt_p50_us", raw.rttP50),
            ("raw_c_rtt_p99_us", raw.rttP99),
            ("mpqueue_rtt_p50_us", mpqueue.rttP50),
            ("bus_vs_raw_c_rtt_p50", busRTT.p50 / raw.rttP50),
            ("stop_all_exited_p50_ms", stop.p50),
            ("stop_all_exited_p99_ms", stop.p99),
            ("stop_cycles", Double(self.stopCycles)),
            ("rounds", Double(self.rounds)),
            ("kill_to_first_result_p50_ms", restart.p50),
            ("kill_to_first_result_p99_ms", restart.p99),
            ("kill_restart_delay_ms", Self.restartDelay * 1000),
            ("kill_cycles", Double(self.killCycles)),
        ]
        if self.json {
            let object = Dictionary(uniqueKeysWithValues: figures)
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(Self.table(busRate: busRate, raw: raw, mpqueue: mpqueue, rtt: busRTT, stop: stop, restart: restart, size: size))
        }
    }

    /// The restart delay of the kill cycles (`control up` defaults to 0.5 s, doubling on repeated crashes).
    static let restartDelay = 0.05

    private static func table(
        busRate: Double,
        raw: Baselines.RawC,
        mpqueue: Baselines.MultiprocessingQueue,
        rtt: Percentiles,
        stop: Percentiles,
        restart: Percentiles,
        size: Int
    ) -> String {
        func rate(_ value: Double) -> String { String(format: "%12.0f msg/s", value) }
        func micros(_ value: Double) -> String { String(format: "%9.1f us", value) }
        return """
            Bus benchmark (\(size)-byte targeting results, two processes, tcp loopback; medians of the rounds)
            | measurement                  | this bus        | raw C libzmq    | mp.Queue        | bus/raw C | bus/mp.Queue |
            |------------------------------|-----------------|-----------------|-----------------|-----------|--------------|
            | throughput                   | \(rate(busRate)) | \(rate(raw.messagesPerSecond)) | \(rate(mpqueue.messagesPerSecond)) | \(String(format: "%8.2fx", busRate / raw.messagesPerSecond)) | \(String(format: "%11.1fx", busRate / mpqueue.messagesPerSecond)) |
            | round trip p50               | \(micros(rtt.p50))    | \(micros(raw.rttP50))    | \(micros(mpqueue.rttP50))    | \(String(format: "%8.2fx", rtt.p50 / raw.rttP50)) |              |
            | round trip p99               | \(micros(rtt.p99))    | \(micros(raw.rttP99))    |                 |           |              |
            | stop -> all exited (2 svcs)  | p50 \(String(format: "%.1f", stop.p50)) ms, p99 \(String(format: "%.1f", stop.p99)) ms (the seed: fixed 2 s sleep, then kill) |
            | kill -9 -> first new result  | p50 \(String(format: "%.1f", restart.p50)) ms, p99 \(String(format: "%.1f", restart.p99)) ms (control up, restart delay \(Int(Self.restartDelay * 1000)) ms included) |
            Targets: throughput >= 0.9x raw C and >= 10x mp.Queue; round trip p50 <= 1.2x raw C; stop p50 < 100 ms.
            """
    }
}

/// Progress on standard error, so `--json` output stays clean.
func log(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
