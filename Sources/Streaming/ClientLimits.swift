/// The limits one HTTP client asked for with cscore's query parameters.
///
/// `resolution=WxH`, `fps=N` and `compression=N` (JPEG quality). Each is a limit on top of the bandwidth budget:
/// a client never gets more than the budget allows, but can ask for less.
public struct ClientLimits: Hashable, Sendable {
    /// Requested output size, or `nil` for the stream's size.
    public var resolution: (width: Int, height: Int)? {
        get { self.requestedWidth.map { ($0, self.requestedHeight ?? 0) } }
        set {
            self.requestedWidth = newValue?.width
            self.requestedHeight = newValue?.height
        }
    }
    /// Requested maximum frame rate, or `nil` for the stream's rate.
    public var framesPerSecond: Double?
    /// Requested JPEG quality (1...100), or `nil` for the stream's quality.
    public var quality: Int?

    private var requestedWidth: Int?
    private var requestedHeight: Int?

    /// No limits: the client gets the stream as the budget shapes it.
    public static let none = ClientLimits()

    /// Creates limits.
    public init(resolution: (width: Int, height: Int)? = nil, framesPerSecond: Double? = nil, quality: Int? = nil) {
        self.requestedWidth = resolution?.width
        self.requestedHeight = resolution?.height
        self.framesPerSecond = framesPerSecond
        self.quality = quality
    }

    /// Parses the query part of a request target (`action=stream&resolution=320x240&fps=10&compression=30`).
    ///
    /// Unknown parameters (such as `action`) are ignored, as cscore does.
    /// - Throws: ``StreamingError/invalidQueryParameter(_:)`` when a known parameter is malformed or out of range.
    public init(query: Substring) throws(StreamingError) {
        self.init()
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0]
            let value = parts.count > 1 ? parts[1] : ""
            switch name {
            case "resolution":
                let size = value.split(separator: "x", omittingEmptySubsequences: false)
                guard size.count == 2, let width = Int(size[0]), let height = Int(size[1]),
                    (1...8192).contains(width), (1...8192).contains(height)
                else { throw .invalidQueryParameter("resolution must be WxH with 1...8192 each, got '\(value)'") }
                self.requestedWidth = width
                self.requestedHeight = height
            case "fps":
                guard let fps = Int(value), (1...1000).contains(fps) else {
                    throw .invalidQueryParameter("fps must be an integer 1...1000, got '\(value)'")
                }
                self.framesPerSecond = Double(fps)
            case "compression":
                // cscore accepts -1 for "server default".
                guard let quality = Int(value), quality == -1 || (0...100).contains(quality) else {
                    throw .invalidQueryParameter("compression must be -1 or 0...100, got '\(value)'")
                }
                self.quality = quality == -1 ? nil : max(1, quality)
            default:
                continue
            }
        }
    }

    /// The variant this client gets for a source of `sourceWidth`×`sourceHeight` under the budget's `settings`.
    ///
    /// Size: the budget's scaled size, or the requested resolution when it fits inside it (a larger request is
    /// shrunk, keeping its aspect ratio, until it fits). Quality: the lower of the budget's and the requested.
    public func variant(sourceWidth: Int, sourceHeight: Int, settings: StreamSettings) -> StreamVariant {
        let budgetSize = settings.scaledSize(width: sourceWidth, height: sourceHeight)
        var width = budgetSize.width
        var height = budgetSize.height
        if let requestedWidth, let requestedHeight {
            let shrink = min(
                1.0,
                Double(budgetSize.width) / Double(requestedWidth),
                Double(budgetSize.height) / Double(requestedHeight)
            )
            width = max(1, Int((Double(requestedWidth) * shrink).rounded(.down)))
            height = max(1, Int((Double(requestedHeight) * shrink).rounded(.down)))
        }
        let quality = min(settings.quality, self.quality ?? 100)
        return StreamVariant(width: width, height: height, quality: max(1, quality))
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.requestedWidth == rhs.requestedWidth && lhs.requestedHeight == rhs.requestedHeight
            && lhs.framesPerSecond == rhs.framesPerSecond && lhs.quality == rhs.quality
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.requestedWidth)
        hasher.combine(self.requestedHeight)
        hasher.combine(self.framesPerSecond)
        hasher.combine(self.quality)
    }
}
