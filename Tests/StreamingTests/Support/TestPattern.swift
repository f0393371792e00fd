import Streaming
import Vision
import WireFormat

/// A synthetic camera: colour bars, a moving disc and the frame number, rendered with Vision and encoded with the
/// real ``VariantEncoder`` (so JPEG sizes and qualities are real).
final class TestCamera {
    let frame: Frame
    let encoder: VariantEncoder
    private(set) var frameNumber = 0

    init(width: Int = 640, height: Int = 480) throws {
        self.frame = try Frame(width: width, height: height)
        self.encoder = try VariantEncoder()
    }

    func render() throws {
        let width = Double(self.frame.width)
        let height = Double(self.frame.height)
        let colors: [Color] = [.white, .yellow, .cyan, .green, .magenta, .red, .blue, .black]
        for (index, color) in colors.enumerated() {
            try self.frame.fillRectangle(
                x: Double(index) * width / 8, y: 0, width: width / 8 + 1, height: height, color: color)
        }
        // Some fine detail so JPEG quality matters for size.
        var y = height * 0.6
        while y < height {
            try self.frame.drawLine(
                from: ImagePoint(x: 0, y: Float(y)), to: ImagePoint(x: Float(width), y: Float(y + 7)), color: .gray)
            y += 3
        }
        let phase = Double(self.frameNumber % 60) / 60
        try self.frame.drawCircle(
            center: ImagePoint(x: Float(width * phase), y: Float(height * 0.4)), radius: height / 10, color: .red,
            filled: true)
        try self.frame.drawText(
            "frame \(self.frameNumber)", at: ImagePoint(x: 10, y: Float(height * 0.2)), scale: width / 640,
            color: .black, thickness: 2)
        self.frameNumber += 1
    }

    /// Renders and publishes one frame.
    @discardableResult
    func publish(to hub: FrameHub) throws -> FrameHub.PublishOutcome {
        try self.render()
        return try hub.publish(frame: self.frame, captureTime: MonotonicClock.now(), encoder: self.encoder)
    }
}

/// Publishes synthetic frames into `hub` at `fps` until cancelled or `maxFrames` were offered.
func runProducer(hub: FrameHub, fps: Double = 30, width: Int = 640, height: Int = 480, maxFrames: Int = 3000)
    async throws
{
    let camera = try TestCamera(width: width, height: height)
    let period = Duration.nanoseconds(Int64(1e9 / fps))
    let clock = ContinuousClock()
    var next = clock.now
    for _ in 0..<maxFrames {
        if Task.isCancelled { return }
        try camera.publish(to: hub)
        next += period
        try await Task.sleep(until: next, clock: clock)
    }
}

/// Reads the JPEG's first luminance quantisation value and estimates the libjpeg quality it was written with.
enum JPEGInspector {
    static func size(_ jpeg: [UInt8]) throws -> (width: Int, height: Int) {
        let frame = try Frame()
        try jpeg.withUnsafeBytes { try frame.decode($0) }
        return (frame.width, frame.height)
    }

    static func firstQuantValue(_ jpeg: [UInt8]) -> Int? {
        var index = 2
        while index + 4 < jpeg.count {
            guard jpeg[index] == 0xFF else { return nil }
            let marker = jpeg[index + 1]
            let length = Int(jpeg[index + 2]) << 8 | Int(jpeg[index + 3])
            if marker == 0xDB { return Int(jpeg[index + 5]) }  // skip the Pq/Tq byte
            index += 2 + length
        }
        return nil
    }

    /// The first luminance table entry libjpeg writes for `quality` (base value 16).
    static func expectedQuantValue(quality: Int) -> Int {
        let scale = quality < 50 ? 5000 / quality : 200 - 2 * quality
        return min(255, max(1, (16 * scale + 50) / 100))
    }
}
