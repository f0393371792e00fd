/// The 50th and 99th percentile of a set of samples.
struct Percentiles {
    var p50: Double
    var p99: Double

    init(p50: Double, p99: Double) {
        self.p50 = p50
        self.p99 = p99
    }

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        precondition(!sorted.isEmpty, "no samples")
        self.p50 = sorted[sorted.count / 2]
        self.p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
    }
}

/// The middle value of `values` (the mean of the two middle ones for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    precondition(!sorted.isEmpty, "no values")
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
