/// A fixed buffer for one frame (received, or encoded to send), allocated once and freed with its owner.
final class FrameBuffer {
    let bytes: UnsafeMutableRawBufferPointer

    init(capacity: Int) {
        self.bytes = .allocate(byteCount: capacity, alignment: 8)
    }

    deinit {
        self.bytes.deallocate()
    }

    /// The first `length` bytes, as received.
    func prefix(_ length: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self.bytes[0..<length])
    }
}
