import Vision

/// Encodes a camera ``Vision/Frame`` in the ``StreamVariant``s a ``FrameHub`` asks for: resizes when the variant is
/// smaller than the frame, then JPEG-encodes at the variant's quality.
///
/// It reuses its resize buffer and JPEG buffer between frames. Not thread-safe: one per producer thread.
public final class VariantEncoder {
    private let jpeg: JPEGEncoder
    private let scratch: Frame

    /// Creates an encoder.
    /// - Throws: ``Vision/VisionError`` if OpenCV cannot allocate its buffers.
    public init() throws(VisionError) {
        self.jpeg = try JPEGEncoder()
        self.scratch = try Frame()
    }

    /// The JPEG bytes of `frame` in `variant`.
    public func encode(_ frame: Frame, as variant: StreamVariant) throws(VisionError) -> [UInt8] {
        var source = frame
        if variant.width != frame.width || variant.height != frame.height {
            try frame.resize(into: self.scratch, width: variant.width, height: variant.height, interpolation: .area)
            source = self.scratch
        }
        try self.jpeg.encode(source, quality: min(100, max(1, variant.quality)))
        return Array(self.jpeg.bytes)
    }
}

extension FrameHub {
    /// Publishes a camera frame, encoding it with `encoder` in every variant the clients need.
    ///
    /// Draw overlays on `frame` before calling; call ``wantsFrame(at:)`` first to skip drawing when the frame would
    /// be dropped.
    /// - Throws: ``Vision/VisionError`` if resizing or encoding fails; nothing is published then.
    @discardableResult
    public func publish(frame: Frame, captureTime: UInt64, encoder: VariantEncoder) throws(VisionError) -> PublishOutcome {
        try self.publish(captureTime: captureTime, sourceWidth: frame.width, sourceHeight: frame.height) {
            (variant: StreamVariant) throws(VisionError) -> [UInt8] in
            try encoder.encode(frame, as: variant)
        }
    }
}
