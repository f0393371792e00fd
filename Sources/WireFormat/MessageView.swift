/// A received frame checked in full and read in place, without building an owned ``BusMessage``.
///
/// Making one checks everything ``WireFormat/decode(_:previousSender:)`` checks (header, counts, every float's range:
/// a frame from the network is hostile), so reading a field afterwards cannot fail. The header and a targeting
/// result's fixed fields are read from the frame when asked for; ``decode()`` builds the owned message for a caller
/// that keeps it. The view borrows the frame's bytes: it is non-copyable, and receivers lend it to a closure
/// (`borrowing`), outside which those bytes are reused.
public struct MessageView: ~Copyable {
    private let frame: UnsafeRawBufferPointer
    public let type: MessageType
    /// Length of the sender name, whose bytes follow the fixed header.
    private let senderLength: Int

    /// Checks `frame` in full; the view borrows it, so `frame` must outlive the view.
    /// - Throws: ``WireFormatError`` for what ``WireFormat/decode(_:previousSender:)`` rejects.
    public init(validating frame: UnsafeRawBufferPointer) throws(WireFormatError) {
        var reader = ByteReader(frame)
        let type = try WireFormat.readType(&reader)
        _ = try reader.take(16)  // sequence and send time (as the decoder takes them), read when asked for
        let senderLength = try reader.skipShortString()
        guard senderLength <= WireFormat.maxSenderLength else { throw .invalidField("sender name too long") }
        switch type {
        case .targetingResult:
            try TargetingResult.validate(&reader)
        case .stop, .stopAcknowledgement, .status, .statusRequest:
            // Control messages are rare: the owned decoder checks them (and its result is dropped).
            _ = try WireFormat.decode(frame)
        }
        self.frame = frame
        self.type = type
        self.senderLength = senderLength
    }

    /// Increases by one for each message a sender sends (``MessageHeader/sequence``).
    public var sequence: UInt64 { self.load(UInt64.self, at: 4) }
    /// ``MonotonicClock`` nanoseconds when the message was sent.
    public var sentAt: UInt64 { self.load(UInt64.self, at: 12) }
    /// The sender name's UTF-8 bytes (checked), borrowed from the frame like the view.
    public var senderUTF8: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self.frame[(WireFormat.fixedHeaderSize)..<(WireFormat.fixedHeaderSize + self.senderLength)])
    }
    /// The sending service's name.
    public var sender: String { String(decoding: self.senderUTF8, as: UTF8.self) }

    /// A targeting result's fields before its targets, read in place; `nil` for other message types.
    public var targetingResult: TargetingResultView? {
        guard self.type == .targetingResult else { return nil }
        return TargetingResultView(self.frame, payloadOffset: WireFormat.fixedHeaderSize + self.senderLength)
    }

    /// Builds the owned message (header and payload), for a caller that keeps it beyond the view.
    /// - Parameter previousSender: as in ``WireFormat/decode(_:previousSender:)``: a sender name to reuse when this
    ///   frame's is the same.
    /// - Throws: never for a frame the view accepted (the owned decoder runs the same checks again).
    public func decode(previousSender: String = "") throws(WireFormatError) -> BusMessage {
        try WireFormat.decode(self.frame, previousSender: previousSender)
    }

    private func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(littleEndian: self.frame.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
