/// The bandwidth budget as a pure policy: given measurements of every stream, it chooses each stream's JPEG
/// quality, frame rate and scale so that all clients together stay within the budget.
///
/// Settings are ordered by preference: quality is lowered first (``BandwidthBudgetConfiguration/maxQuality`` down to
/// ``BandwidthBudgetConfiguration/minQuality``), then the frame rate, then the scale; each lower frame rate or scale
/// starts again from the top quality. Every client gets an equal share of the budget, so a stream with two
/// clients gets twice the share of a stream with one (each client receives its own copy).
///
/// For each stream the policy learns a bytes-per-unit factor from the measured bytes per frame at the settings in
/// force, predicts every other setting with ``JPEGSizeModel``, and takes the most preferred setting predicted to fit
/// in ``BandwidthBudgetConfiguration/targetFraction`` of its share. It only moves to a richer setting when that is
/// predicted to fit in ``BandwidthBudgetConfiguration/upgradeFraction`` (hysteresis against flapping).
public struct BandwidthBudgetPolicy: Sendable {
    /// The policy's settings.
    public let configuration: BandwidthBudgetConfiguration
    /// All settings in preference order, richest first.
    public let ladder: [StreamSettings]
    /// The status after the last ``update(_:)``.
    public private(set) var status: BudgetStatus
    private var bytesPerUnit: [String: Double] = [:]

    /// Creates a policy.
    /// - Throws: ``StreamingError/invalidConfiguration(_:)`` if the configuration is out of range.
    public init(configuration: BandwidthBudgetConfiguration = .init()) throws(StreamingError) {
        try configuration.validate()
        self.configuration = configuration
        var ladder: [StreamSettings] = []
        for scale in configuration.scaleSteps {
            for fps in configuration.framesPerSecondSteps {
                var quality = configuration.maxQuality
                while quality >= configuration.minQuality {
                    ladder.append(StreamSettings(quality: quality, framesPerSecond: fps, scale: scale))
                    quality -= configuration.qualityStep
                }
                if ladder.last?.quality != configuration.minQuality {
                    ladder.append(StreamSettings(quality: configuration.minQuality, framesPerSecond: fps, scale: scale))
                }
            }
        }
        self.ladder = ladder
        self.status = .initial(budgetBitsPerSecond: configuration.bitsPerSecond)
    }

    /// Chooses new settings for every measured stream and returns them by stream name.
    ///
    /// Streams without clients keep their settings (nothing is encoded for them). With the budget disabled every
    /// stream gets the richest settings.
    public mutating func update(_ measurements: [StreamMeasurement]) -> [String: StreamSettings] {
        let totalClients = measurements.reduce(0) { $0 + max(0, $1.clients) }
        let budget = self.configuration.bitsPerSecond
        var result: [String: StreamSettings] = [:]
        var streams: [BudgetStatus.Stream] = []
        var overBudget = false
        for measurement in measurements {
            if let bytesPerFrame = measurement.bytesPerFrame, bytesPerFrame > 0, measurement.sourceWidth > 0 {
                let units = JPEGSizeModel.relativeSize(
                    width: measurement.sourceWidth, height: measurement.sourceHeight,
                    scale: measurement.settings.scale, quality: measurement.settings.quality)
                self.bytesPerUnit[measurement.name] = bytesPerFrame / units
            }
            let share = totalClients > 0 ? budget * Double(measurement.clients) / Double(totalClients) : 0
            var chosen = measurement.settings
            if !self.configuration.enabled {
                chosen = self.configuration.richestSettings
            } else if measurement.clients > 0 {
                chosen = self.choose(for: measurement, share: share)
                overBudget = overBudget || self.predictedBitsPerSecond(measurement, chosen) > share
            }
            result[measurement.name] = chosen
            streams.append(
                BudgetStatus.Stream(
                    name: measurement.name,
                    clients: measurement.clients,
                    settings: chosen,
                    allowanceBitsPerSecond: share,
                    predictedBitsPerSecond: measurement.clients > 0 ? self.predictedBitsPerSecond(measurement, chosen) : 0,
                    measuredBitsPerSecond: measurement.bytesSentPerSecond * 8
                ))
        }
        self.status = BudgetStatus(
            budgetBitsPerSecond: budget,
            totalClients: totalClients,
            measuredBitsPerSecond: streams.reduce(0) { $0 + $1.measuredBitsPerSecond },
            predictedBitsPerSecond: streams.reduce(0) { $0 + $1.predictedBitsPerSecond },
            overBudget: overBudget,
            streams: streams
        )
        return result
    }

    /// Predicted bits per second of `measurement`'s stream (all its clients) at `settings`.
    public func predictedBitsPerSecond(_ measurement: StreamMeasurement, _ settings: StreamSettings) -> Double {
        let width = measurement.sourceWidth > 0 ? measurement.sourceWidth : 640
        let height = measurement.sourceHeight > 0 ? measurement.sourceHeight : 480
        let perUnit = self.bytesPerUnit[measurement.name] ?? JPEGSizeModel.priorBytesPerUnit
        let bytes = perUnit * JPEGSizeModel.relativeSize(
            width: width, height: height, scale: settings.scale, quality: settings.quality)
        var fps = settings.framesPerSecond
        if let source = measurement.sourceFramesPerSecond, source > 0 { fps = min(fps, source) }
        return bytes * fps * 8 * Double(measurement.clients)
    }

    private func choose(for measurement: StreamMeasurement, share: Double) -> StreamSettings {
        let target = share * self.configuration.targetFraction
        let upgradeTarget = share * self.configuration.upgradeFraction
        let fits = { (settings: StreamSettings, limit: Double) in
            self.predictedBitsPerSecond(measurement, settings) <= limit
        }
        guard let current = self.ladder.firstIndex(of: measurement.settings) else {
            return self.ladder.first { fits($0, target) } ?? self.ladder[self.ladder.count - 1]
        }
        if let richer = self.ladder[..<current].firstIndex(where: { fits($0, upgradeTarget) }) {
            return self.ladder[richer]
        }
        if fits(self.ladder[current], target) {
            return self.ladder[current]
        }
        return self.ladder[current...].first { fits($0, target) } ?? self.ladder[self.ladder.count - 1]
    }
}
