import Vision
import WireFormat

/// One processed frame on its way to the recording: a compact copy of its BGR pixels and the result published for it.
struct RecordedFrame: Sendable {
    /// `width * 3` bytes per row, `height` rows (the recorder's own copy: the pipeline reuses its frame).
    var pixels: [UInt8]
    var width: Int
    var height: Int
    var result: TargetingResult

    /// Copies `frame`'s rows into `pixels` (reusing its storage).
    static func copyPixels(of frame: Frame, into pixels: inout [UInt8]) {
        let rowBytes = frame.width * 3
        let stride = frame.stride
        let height = frame.height
        if pixels.count != rowBytes * height { pixels = [UInt8](repeating: 0, count: rowBytes * height) }
        frame.withUnsafeMutableBytes { source in
            pixels.withUnsafeMutableBytes { target in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                for row in 0..<height { (to + row * rowBytes).copyMemory(from: from + row * stride, byteCount: rowBytes) }
            }
        }
    }

    /// Writes the pixels into `frame` (reshaped to the size).
    func load(into frame: Frame) throws(VisionError) {
        try frame.reshape(width: self.width, height: self.height)
        let rowBytes = self.width * 3
        let stride = frame.stride
        frame.withUnsafeMutableBytes { target in
            self.pixels.withUnsafeBytes { source in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                for row in 0..<self.height {
                    (to + row * stride).copyMemory(from: from + row * rowBytes, byteCount: rowBytes)
                }
            }
        }
    }
}
