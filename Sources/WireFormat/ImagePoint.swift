/// A point in image pixels (origin top left, x to the right, y down).
public struct ImagePoint: Hashable, Sendable {
    public var x: Float
    public var y: Float

    public init(x: Float, y: Float) {
        self.x = x
        self.y = y
    }
}
