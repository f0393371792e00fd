import WireFormat

/// The frame one sender encodes every message into: allocated once, with the sender's name written into its
/// header once, and the sequence numbers it stamps.
final class SenderFrame {
    let sender: String
    private let bytes: UnsafeMutableRawBufferPointer
    /// Where the payload starts, after the sender name.
    private let payloadOffset: Int
    private var sequence: UInt64 = 0

    init(sender: String) {
        self.sender = sender
        self.bytes = .allocate(byteCount: WireFormat.maxFrameSize, alignment: 8)
        self.payloadOffset = WireFormat.writeSender(sender, into: self.bytes)
    }

    deinit {
        self.bytes.deallocate()
    }

    /// Encodes `payload` with the next sequence number, sent now.
    /// - Returns: the frame, valid until the next call.
    func encodeNext(_ payload: BusMessage.Payload) -> UnsafeRawBufferPointer {
        let length = WireFormat.encode(
            payload, sequence: self.sequence, payloadOffset: self.payloadOffset, into: self.bytes)
        self.sequence &+= 1
        return UnsafeRawBufferPointer(rebasing: self.bytes[0..<length])
    }
}
