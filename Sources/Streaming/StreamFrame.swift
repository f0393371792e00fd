import NIOCore

/// One encoded frame as it goes to clients: the multipart part header and the JPEG bytes.
///
/// Both buffers are shared (copy-on-write) by every client that receives the frame: publishing a frame copies the
/// JPEG once, whatever the number of clients.
public struct StreamFrame: Sendable {
    /// Increases by one for every frame published to the hub.
    public let sequence: UInt64
    /// When the camera captured the frame, ``WireFormat/MonotonicClock`` nanoseconds.
    public let captureTime: UInt64
    /// The encoding of ``jpeg``.
    public let variant: StreamVariant
    /// The JPEG file.
    public let jpeg: ByteBuffer
    /// `\r\n--boundarydonotcross\r\n` plus this part's headers and the blank line, as cscore sends them.
    public let partHeader: ByteBuffer

    /// Creates a frame and formats its part header.
    public init(sequence: UInt64, captureTime: UInt64, variant: StreamVariant, jpeg: ByteBuffer) {
        self.sequence = sequence
        self.captureTime = captureTime
        self.variant = variant
        self.jpeg = jpeg
        var header = ByteBuffer()
        header.writeString(MJPEGFormat.partHeader(length: jpeg.readableBytes, captureTime: captureTime))
        self.partHeader = header
    }

    /// Bytes a client receives for this frame (part header plus JPEG).
    public var wireBytes: Int { self.partHeader.readableBytes + self.jpeg.readableBytes }
}
