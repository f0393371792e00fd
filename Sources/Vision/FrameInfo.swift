/// Facts about one delivered frame.
public struct FrameInfo: Hashable, Sendable {
    /// Frames delivered by this source so far, starting at 1.
    public var frameNumber: UInt64
    /// When the frame was grabbed, `MonotonicClock` nanoseconds.
    public var captureTime: UInt64
    public var width: Int
    public var height: Int
    /// The image file for image-folder sources.
    public var path: String?
    /// The rendered pose for synthetic sources.
    public var syntheticPose: SyntheticTargetPose?
    /// The JPEG the source delivered, when the frame's pixels are exactly this JPEG decoded by
    /// ``Frame/decode(_:)`` (JPEG image files); `nil` for sources that deliver pixels. A recorder stores these bytes
    /// instead of encoding the pixels again, so a replay decodes the very pixels the pipeline saw.
    public var sourceJPEG: [UInt8]?

    public init(
        frameNumber: UInt64, captureTime: UInt64, width: Int, height: Int, path: String? = nil,
        syntheticPose: SyntheticTargetPose? = nil, sourceJPEG: [UInt8]? = nil
    ) {
        self.frameNumber = frameNumber
        self.captureTime = captureTime
        self.width = width
        self.height = height
        self.path = path
        self.syntheticPose = syntheticPose
        self.sourceJPEG = sourceJPEG
    }
}
