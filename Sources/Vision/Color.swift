import CVision

/// An 8-bit colour for drawing (stored as OpenCV's blue, green, red).
public struct Color: Hashable, Sendable, Codable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let white = Color(red: 255, green: 255, blue: 255)
    public static let red = Color(red: 255, green: 0, blue: 0)
    public static let green = Color(red: 0, green: 255, blue: 0)
    public static let blue = Color(red: 0, green: 0, blue: 255)
    public static let yellow = Color(red: 255, green: 255, blue: 0)
    public static let cyan = Color(red: 0, green: 255, blue: 255)
    public static let magenta = Color(red: 255, green: 0, blue: 255)
    public static let gray = Color(red: 128, green: 128, blue: 128)
    public static let darkGray = Color(red: 40, green: 40, blue: 40)

    var native: cvision_color { cvision_color(b: self.blue, g: self.green, r: self.red) }
}
