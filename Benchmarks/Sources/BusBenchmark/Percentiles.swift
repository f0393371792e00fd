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

/// The median of repeated runs of one figure, with its spread (the smallest and largest run).
struct Spread {
    var median: Double
    var min: Double
    var max: Double

    init(_ runs: [Double]) {
        let sorted = runs.sorted()
        precondition(!sorted.isEmpty, "no runs")
        let middle = sorted.count / 2
        self.median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        self.min = sorted[0]
        self.max = sorted[sorted.count - 1]
    }
}
