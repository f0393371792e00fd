import Vision
import WireFormat

/// One processed frame on its way to the recording: its image and the result published for it.
struct RecordedFrame: Sendable {
    /// How the frame reaches the video.
    enum Image: Sendable {
        /// A compact copy of the BGR pixels (`width * 3` bytes per row, `height` rows; the pipeline reuses its frame),
        /// JPEG-encoded by the writer thread.
        case pixels([UInt8])
        /// The JPEG the source delivered and the pipeline's pixels were decoded from, written as it is.
        case jpeg([UInt8])
    }

    var image: Image
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

    /// Writes `pixels` (as ``copyPixels(of:into:)`` made them) into `frame` (reshaped to the size).
    func load(_ pixels: [UInt8], into frame: Frame) throws(VisionError) {
        try frame.reshape(width: self.width, height: self.height)
        let rowBytes = self.width * 3
        let stride = frame.stride
        frame.withUnsafeMutableBytes { target in
            pixels.withUnsafeBytes { source in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                for row in 0..<self.height {
                    (to + row * stride).copyMemory(from: from + row * rowBytes, byteCount: rowBytes)
                }
            }
        }
    }
}
