import Foundation

/// The throughput and round-trip figures of the rounds, each as the median and spread over the rounds.
struct Figures {
    var busRate: Spread
    var rawRate: Spread
    var mpqueueRate: Spread
    /// Ratios taken within each round (same machine load), then the median over the rounds.
    var busVsRaw: Spread
    var busVsMpqueue: Spread
    /// Throughput with both processes of each side on one core (``Baselines/onOneCore(_:_:)``).
    var busRateOneCore: Spread
    var rawRateOneCore: Spread
    var busVsRawOneCore: Spread
    var busRTT50: Spread
    var busRTT99: Spread
    var rawRTT50: Spread
    var rawRTT99: Spread
    var mpqueueRTT50: Spread
    var busVsRawRTT: Spread

    /// The figures under their `--json` keys: the median under the plain key, the spread under `_min` / `_max`.
    var keyed: [(String, Double)] {
        let named: [(String, Spread)] = [
            ("bus_msgs_per_s", self.busRate),
            ("raw_c_msgs_per_s", self.rawRate),
            ("mpqueue_msgs_per_s", self.mpqueueRate),
            ("bus_vs_raw_c_throughput", self.busVsRaw),
            ("bus_vs_mpqueue_throughput", self.busVsMpqueue),
            ("bus_msgs_per_s_one_core", self.busRateOneCore),
            ("raw_c_msgs_per_s_one_core", self.rawRateOneCore),
            ("bus_vs_raw_c_throughput_one_core", self.busVsRawOneCore),
            ("bus_rtt_p50_us", self.busRTT50),
            ("bus_rtt_p99_us", self.busRTT99),
            ("raw_c_rtt_p50_us", self.rawRTT50),
            ("raw_c_rtt_p99_us", self.rawRTT99),
            ("mpqueue_rtt_p50_us", self.mpqueueRTT50),
            ("bus_vs_raw_c_rtt_p50", self.busVsRawRTT),
        ]
        return named.flatMap { key, spread in
            [(key, spread.median), (key + "_min", spread.min), (key + "_max", spread.max)]
        }
    }

    func table(size: Int, messages: Int, rounds: Int) -> String {
        func rate(_ value: Spread) -> String {
            String(format: "%.2f M [%.2f-%.2f]", value.median / 1e6, value.min / 1e6, value.max / 1e6)
        }
        func micros(_ value: Spread) -> String { String(format: "%.1f [%.1f-%.1f] us", value.median, value.min, value.max) }
        func ratio(_ value: Spread) -> String { String(format: "%.2fx [%.2f-%.2f]", value.median, value.min, value.max) }
        let rows: [[String]] = [
            ["measurement", "this bus", "raw C libzmq", "mp.Queue", "bus/raw C", "bus/mp.Queue"],
            [
                "throughput (msg/s)", rate(self.busRate), rate(self.rawRate), rate(self.mpqueueRate),
                ratio(self.busVsRaw), ratio(self.busVsMpqueue),
            ],
            [
                "throughput, one core", rate(self.busRateOneCore), rate(self.rawRateOneCore), "",
                ratio(self.busVsRawOneCore), "",
            ],
            [
                "round trip p50", micros(self.busRTT50), micros(self.rawRTT50), micros(self.mpqueueRTT50),
                ratio(self.busVsRawRTT), "",
            ],
            ["round trip p99", micros(self.busRTT99), micros(self.rawRTT99), "", "", ""],
        ]
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "| " + zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
        }
        return """
            Bus benchmark: \(size)-byte messages between two processes over tcp loopback, median [min-max] of \(rounds) \
            rounds; throughput \(messages) messages PUSH->PULL on every side (one core: producer, consumer and their \
            libzmq threads all on CPU 0); round trip \(Baselines.rawCRoundTrips) \
            PAIR ping-pongs, no warm-up, as zmq_raw.c (the bus side encodes on both ends, the echo decodes, the bench \
            checks the answer as a receiver does)
            \(line(rows[0]))
            \(line(widths.map { String(repeating: "-", count: $0) }))
            \(rows.dropFirst().map(line).joined(separator: "\n"))
            """
    }
}
