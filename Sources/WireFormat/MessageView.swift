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
    /// Length of the sender name, whose bytes follow the fixed header (a byte: the view then fits in registers).
    private let senderLength: UInt8
    /// Whether the sender's bytes are those of the `knownSender` the view was made with.
    package let isFromKnownSender: Bool

    /// Checks `frame` in full; the view borrows it, so `frame` must outlive the view.
    /// - Throws: ``WireFormatError`` for what ``WireFormat/decode(_:previousSender:)`` rejects.
    public init(validating frame: UnsafeRawBufferPointer) throws(WireFormatError) {
        try self.init(validating: frame, knownSender: nil)
    }

    /// Checks `frame` in full, except the sender name's encoding when its bytes are `knownSender`'s: the sender of
    /// a frame a view accepted before (a receiver's frames nearly always come from one sender), checked then.
    ///
    /// A targeting result is checked in place (``TargetingResult/passesChecks(_:at:)``); any other frame, or one
    /// that fails, goes to the owned decoder, which names the error: the two cannot disagree on what they reject.
    /// - Throws: ``WireFormatError`` for what ``WireFormat/decode(_:previousSender:)`` rejects.
    package init(validating frame: UnsafeRawBufferPointer, knownSender: UnsafeRawBufferPointer?) throws(WireFormatError) {
        let fixed = WireFormat.fixedHeaderSize
        if frame.count >= fixed, frame.loadUnaligned(as: UInt32.self) == Self.targetingResultStart.littleEndian {
            let length = Int(frame[fixed - 1])
            if length <= WireFormat.maxSenderLength, frame.count &- fixed >= length {
                let sender = UnsafeRawBufferPointer(rebasing: frame[fixed..<(fixed + length)])
                let isKnown = knownSender.map { Self.equal(sender, $0) } ?? false
                if isKnown || Self.isASCII(sender), TargetingResult.passesChecks(frame, at: fixed + length) {
                    self.init(frame: frame, type: .targetingResult, senderLength: length, isFromKnownSender: isKnown)
                    return
                }
            }
        }
        self = try Self.checkedByDecoder(frame, knownSender: knownSender)
    }

    private init(frame: UnsafeRawBufferPointer, type: MessageType, senderLength: Int, isFromKnownSender: Bool) {
        self.frame = frame
        self.type = type
        self.senderLength = UInt8(truncatingIfNeeded: senderLength)  // at most maxSenderLength
        self.isFromKnownSender = isFromKnownSender
    }

    /// The view of a frame not checked in place: control messages are rare, and a failing frame's error is the
    /// decoder's. The decoder checks it (its result is dropped). Apart, so the in-place path keeps its registers.
    @inline(never)
    private static func checkedByDecoder(
        _ frame: UnsafeRawBufferPointer, knownSender: UnsafeRawBufferPointer?
    ) throws(WireFormatError) -> MessageView {
        let header = try WireFormat.decode(frame).header
        let length = header.sender.utf8.count
        let sender = UnsafeRawBufferPointer(rebasing: frame[WireFormat.fixedHeaderSize..<(WireFormat.fixedHeaderSize + length)])
        return MessageView(
            frame: frame, type: header.type, senderLength: length,
            isFromKnownSender: knownSender.map { Self.equal(sender, $0) } ?? false)
    }

    /// Magic, version and type of a targeting result: a frame's first four bytes, as a little-endian `u32`.
    private static var targetingResultStart: UInt32 {
        UInt32(WireFormat.magic.0) | UInt32(WireFormat.magic.1) << 8 | UInt32(WireFormat.version) << 16
            | UInt32(MessageType.targetingResult.rawValue) << 24
    }

    /// Whether `bytes` are all ASCII (valid UTF-8 then), read eight at a time: service names are ASCII, and any other
    /// sender goes to the decoder's full UTF-8 check.
    @inline(__always)
    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var highBits: UInt64 = 0
        var index = 0
        while index &+ 8 <= bytes.count {
            highBits |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index &+= 8
        }
        while index < bytes.count {
            highBits |= UInt64(bytes[index])
            index &+= 1
        }
        return highBits & 0x8080_8080_8080_8080 == 0
    }

    /// Whether `a` and `b` hold the same bytes, compared eight at a time (the last eight overlapping) without a call.
    @inline(__always)
    private static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let count = a.count
        guard count == b.count else { return false }
        guard count >= 8 else {
            for index in 0..<count where a[index] != b[index] { return false }
            return true
        }
        var index = 0
        while index &+ 8 < count {
            guard a.loadUnaligned(fromByteOffset: index, as: UInt64.self) == b.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            else { return false }
            index &+= 8
        }
        return a.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            == b.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
    }

    /// Increases by one for each message a sender sends (``MessageHeader/sequence``).
    public var sequence: UInt64 { self.load(UInt64.self, at: 4) }
    /// ``MonotonicClock`` nanoseconds when the message was sent.
    public var sentAt: UInt64 { self.load(UInt64.self, at: 12) }
    /// The sender name's UTF-8 bytes (checked), borrowed from the frame like the view.
    public var senderUTF8: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self.frame[(WireFormat.fixedHeaderSize)..<(WireFormat.fixedHeaderSize + Int(self.senderLength))])
    }
    /// The sending service's name.
    public var sender: String { String(decoding: self.senderUTF8, as: UTF8.self) }

    /// A targeting result's fields before its targets, read in place; `nil` for other message types.
    public var targetingResult: TargetingResultView? {
        guard self.type == .targetingResult else { return nil }
        return TargetingResultView(self.frame, payloadOffset: WireFormat.fixedHeaderSize + Int(self.senderLength))
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
