import CVision

/// An 8-bit BGR image that owns its pixel buffer (an OpenCV `cv::Mat` behind an opaque handle).
///
/// Reuse one frame per stage: capture, load, resize and render write into the existing buffer and only reallocate
/// when the size changes. A frame is not thread-safe; keep it on the thread that uses it (the capture/processing
/// thread of a ``VisionWorker``) and hand other threads encoded bytes or results instead.
public final class Frame {
    let handle: OpaquePointer

    /// Creates a frame of `width` x `height` pixels (uninitialised contents), or an empty frame for 0 x 0.
    public init(width: Int = 0, height: Int = 0) throws(VisionError) {
        guard width >= 0, height >= 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw .invalidArgument("frame size \(width)x\(height)")
        }
        var out: OpaquePointer?
        try VisionError.check(cvision_frame_create(Int32(width), Int32(height), &out), "creating a frame")
        guard let out else { throw .outOfMemory }
        self.handle = out
    }

    /// Loads an image file (JPEG, PNG, ...).
    public convenience init(contentsOf path: String) throws(VisionError) {
        try self.init()
        try self.load(path)
    }

    deinit { cvision_frame_destroy(self.handle) }

    /// Width in pixels (0 when empty).
    public var width: Int { Int(cvision_frame_width(self.handle)) }
    /// Height in pixels (0 when empty).
    public var height: Int { Int(cvision_frame_height(self.handle)) }
    /// Bytes per row.
    public var stride: Int { Int(cvision_frame_stride(self.handle)) }
    /// Whether the frame holds no pixels.
    public var isEmpty: Bool { self.width == 0 || self.height == 0 }

    /// Gives `body` the BGR pixel bytes (rows of ``stride`` bytes) without copying them.
    public func withUnsafeMutableBytes<R, E: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        let count = self.stride * self.height
        let base = cvision_frame_data(self.handle)
        return try body(UnsafeMutableRawBufferPointer(start: base, count: base == nil ? 0 : count))
    }

    /// Makes the frame `width` x `height`, keeping the buffer when the size is unchanged.
    public func reshape(width: Int, height: Int) throws(VisionError) {
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw .invalidArgument("frame size \(width)x\(height)")
        }
        try VisionError.check(cvision_frame_reshape(self.handle, Int32(width), Int32(height)), "reshaping a frame")
    }

    /// Fills every pixel with `color`.
    public func fill(_ color: Color) throws(VisionError) {
        try VisionError.check(cvision_frame_fill(self.handle, color.native), "filling a frame")
    }

    /// Copies this frame's pixels into `destination` (reusing its buffer when sizes match).
    public func copy(into destination: Frame) throws(VisionError) {
        try VisionError.check(cvision_frame_copy(self.handle, destination.handle), "copying a frame")
    }

    /// Replaces the contents with the image file at `path`.
    public func load(_ path: String) throws(VisionError) {
        try VisionError.check(cvision_frame_load(self.handle, path), "loading \(path)")
    }

    /// Writes the frame to `path`; the extension picks the format.
    public func save(_ path: String) throws(VisionError) {
        try VisionError.check(cvision_frame_save(self.handle, path), "saving \(path)")
    }

    /// Replaces the contents with an encoded image (JPEG, PNG, ...).
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(VisionError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { throw .invalidArgument("no bytes to decode") }
        try VisionError.check(
            cvision_frame_decode(self.handle, base.assumingMemoryBound(to: UInt8.self), bytes.count),
            "decoding an image"
        )
    }

    /// How ``resize(into:width:height:interpolation:)`` samples.
    public enum Interpolation: Int32, Sendable, Codable {
        case nearest = 0
        case linear = 1
        /// Best for shrinking.
        case area = 3
    }

    /// Writes a resized copy into `destination` (reusing its buffer when the size matches).
    public func resize(
        into destination: Frame,
        width: Int,
        height: Int,
        interpolation: Interpolation = .area
    ) throws(VisionError) {
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw .invalidArgument("resize to \(width)x\(height)")
        }
        try VisionError.check(
            cvision_frame_resize(self.handle, destination.handle, Int32(width), Int32(height), interpolation.rawValue),
            "resizing a frame"
        )
    }

    /// Returns a resized copy (allocates; prefer ``resize(into:width:height:interpolation:)`` per frame).
    public func resized(width: Int, height: Int, interpolation: Interpolation = .area) throws(VisionError) -> Frame {
        let out = try Frame()
        try self.resize(into: out, width: width, height: height, interpolation: interpolation)
        return out
    }
}
