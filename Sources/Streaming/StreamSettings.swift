/// What the bandwidth budget allows one stream to send: JPEG quality, frame rate and image scale.
public struct StreamSettings: Hashable, Sendable, Codable, CustomStringConvertible {
    /// JPEG quality, 1...100.
    public var quality: Int
    /// Frames per second published to clients.
    public var framesPerSecond: Double
    /// Linear scale applied to the camera's resolution, (0, 1].
    public var scale: Double

    /// Creates settings.
    public init(quality: Int, framesPerSecond: Double, scale: Double) {
        self.quality = quality
        self.framesPerSecond = framesPerSecond
        self.scale = scale
    }

    /// Output size for a source of `width`×`height` at ``scale``, rounded down to even numbers (at least 2×2),
    /// which JPEG chroma subsampling handles without padding.
    public func scaledSize(width: Int, height: Int) -> (width: Int, height: Int) {
        let scaledWidth = max(2, Int((Double(width) * self.scale).rounded()) & ~1)
        let scaledHeight = max(2, Int((Double(height) * self.scale).rounded()) & ~1)
        return (min(scaledWidth, max(2, width)), min(scaledHeight, max(2, height)))
    }

    public var description: String {
        "q\(self.quality) \(formatDecimal(self.framesPerSecond, digits: 1)) fps scale \(formatDecimal(self.scale, digits: 2))"
    }
}

/// Formats `value` with a fixed number of decimals without Foundation.
func formatDecimal(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var factor = 1.0
    for _ in 0..<digits { factor *= 10 }
    let scaled = (abs(value) * factor).rounded()
    let integer = Int(scaled / factor)
    let fraction = Int(scaled - Double(integer) * factor)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard digits > 0 else { return "\(sign)\(integer)" }
    var fractionText = String(fraction)
    while fractionText.count < digits { fractionText = "0" + fractionText }
    return "\(sign)\(integer).\(fractionText)"
}
