/// The bandwidth budget as a pure policy: given measurements of every stream, it chooses each stream's JPEG
/// quality, frame rate and scale so that all clients together stay within the budget.
///
/// Order of sacrifice, at each scale (largest first): lower the quality from
/// ``BandwidthBudgetConfiguration/maxQuality`` to ``BandwidthBudgetConfiguration/minQuality`` at the top frame rate;
/// then, at the lowest quality, lower the frame rate (continuously) down to
/// ``BandwidthBudgetConfiguration/minFramesPerSecond``; only then try the next smaller scale. Every client gets an
/// equal share of the budget, so a stream with two clients gets twice the share of a stream with one (each client
/// receives its own copy).
///
/// For each stream the policy learns a bytes-per-unit factor from the measured bytes per frame at the settings in
/// force and predicts other settings with ``JPEGSizeModel``. When the current settings are predicted above
/// ``BandwidthBudgetConfiguration/downgradeFraction`` of the share it moves to the richest settings predicted within
/// ``BandwidthBudgetConfiguration/targetFraction``; it moves up (again to the richest within the target) only when a
/// richer setting is predicted below ``BandwidthBudgetConfiguration/upgradeFraction``. In between it keeps the
/// settings (hysteresis against flapping).
public struct BandwidthBudgetPolicy: Sendable {
    /// The policy's settings.
    public let configuration: BandwidthBudgetConfiguration
    /// The status after the last ``update(_:)``.
    public private(set) var status: BudgetStatus
    private var bytesPerUnit: [String: Double] = [:]

    /// Creates a policy.
    /// - Throws: ``StreamingError/invalidConfiguration(_:)`` if the configuration is out of range.
    public init(configuration: BandwidthBudgetConfiguration = .init()) throws(StreamingError) {
        try configuration.validate()
        self.configuration = configuration
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
            let share = totalClients > 0 ? budget * Double(max(0, measurement.clients)) / Double(totalClients) : 0
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
        self.bitsPerFrame(measurement, quality: settings.quality, scale: settings.scale)
            * self.effectiveFPS(measurement, settings.framesPerSecond) * Double(max(0, measurement.clients))
    }

    /// The richest settings predicted to fit in `limit` bits per second (the poorest settings if none fit).
    public func richestSettings(for measurement: StreamMeasurement, within limit: Double) -> StreamSettings {
        let configuration = self.configuration
        let clients = Double(max(1, measurement.clients))
        for scale in configuration.scaleSteps {
            var quality = configuration.maxQuality
            while quality > configuration.minQuality {
                let settings = StreamSettings(quality: quality, framesPerSecond: configuration.maxFramesPerSecond, scale: scale)
                if self.predictedBitsPerSecond(measurement, settings) <= limit { return settings }
                quality -= configuration.qualityStep
            }
            // At the lowest quality, the frame rate that fits exactly (tenths of a frame per second).
            let bitsPerFrame = self.bitsPerFrame(measurement, quality: configuration.minQuality, scale: scale) * clients
            var fps = (limit / bitsPerFrame * 10).rounded(.down) / 10
            fps = min(fps, configuration.maxFramesPerSecond)
            if let source = measurement.sourceFramesPerSecond, source > 0, fps >= source {
                fps = configuration.maxFramesPerSecond  // the camera is the limit, not the budget
            }
            if fps >= configuration.minFramesPerSecond {
                return StreamSettings(quality: configuration.minQuality, framesPerSecond: fps, scale: scale)
            }
        }
        return StreamSettings(
            quality: configuration.minQuality, framesPerSecond: configuration.minFramesPerSecond,
            scale: configuration.scaleSteps.last ?? 1)
    }

    /// Whether `a` is richer than `b`: larger scale, else higher frame rate, else higher quality.
    public static func isRicher(_ a: StreamSettings, than b: StreamSettings) -> Bool {
        if a.scale != b.scale { return a.scale > b.scale }
        if abs(a.framesPerSecond - b.framesPerSecond) >= 0.05 { return a.framesPerSecond > b.framesPerSecond }
        return a.quality > b.quality
    }

    private func choose(for measurement: StreamMeasurement, share: Double) -> StreamSettings {
        let current = measurement.settings
        if self.predictedBitsPerSecond(measurement, current) > share * self.configuration.downgradeFraction {
            return self.richestSettings(for: measurement, within: share * self.configuration.targetFraction)
        }
        // Move up only when a richer setting fits with room to spare, then go as far as the target allows.
        let upgrade = self.richestSettings(for: measurement, within: share * self.configuration.upgradeFraction)
        guard Self.isRicher(upgrade, than: current) else { return current }
        return self.richestSettings(for: measurement, within: share * self.configuration.targetFraction)
    }

    private func bitsPerFrame(_ measurement: StreamMeasurement, quality: Int, scale: Double) -> Double {
        let width = measurement.sourceWidth > 0 ? measurement.sourceWidth : 640
        let height = measurement.sourceHeight > 0 ? measurement.sourceHeight : 480
        let perUnit = self.bytesPerUnit[measurement.name] ?? JPEGSizeModel.priorBytesPerUnit
        return perUnit * JPEGSizeModel.relativeSize(width: width, height: height, scale: scale, quality: quality) * 8
    }

    private func effectiveFPS(_ measurement: StreamMeasurement, _ fps: Double) -> Double {
        if let source = measurement.sourceFramesPerSecond, source > 0 { return min(fps, source) }
        return fps
    }
}
