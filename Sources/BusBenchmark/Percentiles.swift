/// The 50th and 99th percentile of a set of samples.
struct Percentiles {
    var p50: Double
    var p99: Double

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        precondition(!sorted.isEmpty, "no samples")
        self.p50 = sorted[sorted.count / 2]
        self.p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
    }
}
