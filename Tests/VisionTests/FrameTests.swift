import Testing
import Vision
import WireFormat

@Suite("Frame: buffers, JPEG, resize, drawing")
struct FrameTests {
    @Test func jpegRoundTripKeepsSizeAndColour() throws {
        let frame = try Frame(width: 320, height: 240)
        try frame.fill(Color(red: 200, green: 30, blue: 60))
        let encoder = try JPEGEncoder()
        var bytes: [UInt8] = []
        try encoder.encode(frame, quality: 90, into: &bytes)
        #expect(bytes.count > 100)
        #expect(bytes.prefix(2) == [0xFF, 0xD8])  // JPEG SOI
        let decoded = try Frame()
        try bytes.withUnsafeBytes { try decoded.decode($0) }
        #expect(decoded.width == 320 && decoded.height == 240)
        let pixel = decoded.withUnsafeMutableBytes { raw in (raw[0], raw[1], raw[2]) }  // B, G, R
        #expect(abs(Int(pixel.2) - 200) <= 6 && abs(Int(pixel.1) - 30) <= 6 && abs(Int(pixel.0) - 60) <= 6)
    }

    @Test func lowerQualityGivesSmallerJPEGAndBufferIsReused() throws {
        let frame = try Frame(width: 320, height: 240)
        try frame.renderCameraLost(width: 320, height: 240)
        let encoder = try JPEGEncoder()
        try encoder.encode(frame, quality: 95)
        let high = encoder.bytes.count
        try encoder.encode(frame, quality: 20)
        let low = encoder.bytes.count
        #expect(low < high)
        #expect(throws: VisionError.self) { try encoder.encode(frame, quality: 0) }
    }

    @Test func resizeWritesTheRequestedSize() throws {
        let frame = try Frame(width: 640, height: 480)
        try frame.fill(.white)
        let small = try Frame()
        try frame.resize(into: small, width: 160, height: 120)
        #expect(small.width == 160 && small.height == 120)
        #expect(throws: VisionError.self) { try frame.resize(into: small, width: 0, height: 10) }
    }

    @Test func drawingPrimitivesChangePixelsWhereExpected() throws {
        let frame = try Frame(width: 200, height: 100)
        try frame.fill(.black)
        func pixel(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
            frame.withUnsafeMutableBytes { raw in
                let o = y * frame.stride + x * 3
                return (raw[o], raw[o + 1], raw[o + 2])
            }
        }
        try frame.fillRectangle(x: 10, y: 10, width: 20, height: 20, color: .red)
        #expect(pixel(20, 20) == (0, 0, 255))
        try frame.drawLine(from: ImagePoint(x: 50, y: 50), to: ImagePoint(x: 150, y: 50), color: .green, thickness: 3)
        #expect(pixel(100, 50).1 > 200)
        try frame.drawCircle(center: ImagePoint(x: 170, y: 20), radius: 8, color: .blue, filled: true)
        #expect(pixel(170, 20).0 > 200)
        try frame.drawRectangle(x: 60, y: 60, width: 30, height: 30, color: .white)
        #expect(pixel(60, 75) != (0, 0, 0) && pixel(75, 75) == (0, 0, 0))
        try frame.drawPolyline([ImagePoint(x: 5, y: 95), ImagePoint(x: 40, y: 60), ImagePoint(x: 40, y: 95)],
                               closed: true, color: .yellow, thickness: 2)
        #expect(pixel(40, 80).2 > 150)
        try frame.fillPolygon([ImagePoint(x: 100, y: 70), ImagePoint(x: 120, y: 70), ImagePoint(x: 110, y: 90)],
                              color: .cyan)
        #expect(pixel(110, 76).1 > 200)
        try frame.drawArrow(from: ImagePoint(x: 130, y: 90), to: ImagePoint(x: 190, y: 90), color: .magenta, thickness: 2)
        #expect(pixel(160, 90).0 > 150)
        try frame.fillRectangle(x: 0, y: 0, width: 200, height: 100, color: .white, opacity: 0.5)
        #expect((110...145).contains(Int(pixel(195, 5).0)))
        let before = frame.withUnsafeMutableBytes { Array($0) }
        try frame.drawText("42", at: ImagePoint(x: 5, y: 40), scale: 0.8, color: .black, thickness: 2)
        #expect(frame.withUnsafeMutableBytes { Array($0) } != before)
        let size = try Frame.textSize("42", scale: 0.8, thickness: 2)
        #expect(size.width > 10 && size.height > 10)
    }

    @Test func cameraLostFrameHasTheRequestedSizeAndIsNotUniform() throws {
        let frame = try Frame()
        try frame.renderCameraLost(width: 320, height: 240)
        #expect(frame.width == 320 && frame.height == 240)
        let distinct = frame.withUnsafeMutableBytes { Set($0) }
        #expect(distinct.count > 3)
    }

    @Test func missingImageFileIsATypedError() throws {
        #expect(throws: VisionError.self) { _ = try Frame(contentsOf: "/nonexistent/image.jpg") }
    }
}
