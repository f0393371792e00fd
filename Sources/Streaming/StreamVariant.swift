/// One encoding of a camera's frames: output size and JPEG quality.
///
/// Clients asking for the same effective variant share one encoded JPEG per frame.
public struct StreamVariant: Hashable, Sendable, CustomStringConvertible {
    /// Output width in pixels.
    public var width: Int
    /// Output height in pixels.
    public var height: Int
    /// JPEG quality, 1...100.
    public var quality: Int

    /// Creates a variant.
    public init(width: Int, height: Int, quality: Int) {
        self.width = width
        self.height = height
        self.quality = quality
    }

    public var description: String { "\(self.width)x\(self.height)@q\(self.quality)" }
}
