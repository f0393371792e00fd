import CVision

/// JPEG-encodes frames into one reusable byte buffer (no allocation per frame once it has grown).
///
/// Not thread-safe: keep one encoder per thread.
public final class JPEGEncoder {
    private let handle: OpaquePointer

    public init() throws(VisionError) {
        var out: OpaquePointer?
        try VisionError.check(cvision_bytes_create(&out), "creating a JPEG buffer")
        guard let out else { throw .outOfMemory }
        self.handle = out
    }

    deinit { cvision_bytes_destroy(self.handle) }

    /// Encodes `frame` at `quality` (1...100) and gives `body` the bytes, valid only inside `body`.
    public func encode<R, E: Error>(
        _ frame: Frame,
        quality: Int,
        _ body: (UnsafeRawBufferPointer) throws(E) -> R
    ) throws(VisionError) -> Result<R, E> {
        try self.encode(frame, quality: quality)
        do throws(E) {
            return .success(try body(self.bytes))
        } catch {
            return .failure(error)
        }
    }

    /// Encodes `frame` at `quality` (1...100); read the result through ``bytes`` until the next call.
    public func encode(_ frame: Frame, quality: Int) throws(VisionError) {
        guard (1...100).contains(quality) else { throw .invalidArgument("JPEG quality \(quality) is not 1...100") }
        try VisionError.check(
            cvision_frame_encode_jpeg(frame.handle, Int32(quality), self.handle),
            "encoding a JPEG"
        )
    }

    /// Encodes `frame` and replaces `buffer`'s contents with the JPEG (reusing its capacity).
    public func encode(_ frame: Frame, quality: Int, into buffer: inout [UInt8]) throws(VisionError) {
        try self.encode(frame, quality: quality)
        let bytes = self.bytes
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: bytes)
    }

    /// The last encoded JPEG (empty before the first encode). Valid until the next encode or deinit.
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: cvision_bytes_data(self.handle), count: cvision_bytes_count(self.handle))
    }
}
