/// Encodes and decodes bus frames. The layout is documented in `docs/wire-format.md` and on each payload type.
///
/// Every message is one ZeroMQ frame (single-part: easy to route, conflate or record):
/// a ``MessageHeader`` followed by the payload of its ``MessageType``. All integers and floats are little-endian.
/// Decoders ignore bytes after a known payload, so a later minor revision may append fields.
public enum WireFormat {
    /// The schema version this build writes and reads.
    public static let version: UInt8 = 2
    /// The two bytes every frame starts with: `RV`.
    public static let magic: (UInt8, UInt8) = (0x52, 0x56)
    /// Size of the header without the sender name.
    public static let fixedHeaderSize = 21
    /// Longest sender name, in UTF-8 bytes.
    public static let maxSenderLength = 64

    /// The largest frame this build encodes: the header with the longest sender and the largest payload (a
    /// targeting result with ``TargetingResult/maxTargets`` targets of every corner and pose, and a field pose).
    public static let maxFrameSize =
        fixedHeaderSize + maxSenderLength + max(TargetingResult.maxEncodedSize, ServiceStatus.maxEncodedSize)

    /// Encodes `payload` behind a header into `frame`, which holds at least ``maxFrameSize`` bytes.
    /// - Returns: the frame's length.
    public static func encode(
        _ payload: BusMessage.Payload,
        sequence: UInt64,
        sender: String,
        sentAt: UInt64 = MonotonicClock.now(),
        into frame: UnsafeMutableRawBufferPointer
    ) -> Int {
        let payloadOffset = Self.writeSender(sender, into: frame)
        return Self.encode(payload, sequence: sequence, sentAt: sentAt, payloadOffset: payloadOffset, into: frame)
    }

    /// Writes the header's sender name into `frame` (at least ``maxFrameSize`` bytes), for a sender that encodes
    /// every frame into the same buffer: the name is then written once, not per frame.
    /// - Returns: where the payload starts, for ``encode(_:sequence:sentAt:payloadOffset:into:)``.
    public static func writeSender(_ sender: String, into frame: UnsafeMutableRawBufferPointer) -> Int {
        var writer = ByteWriter(frame, offset: Self.fixedHeaderSize - 1)
        writer.writeShortString(sender, maxLength: Self.maxSenderLength)
        return writer.count
    }

    /// Encodes `payload` behind a header whose sender name `frame` already holds (``writeSender(_:into:)``, which
    /// returned `payloadOffset`).
    /// - Returns: the frame's length.
    public static func encode(
        _ payload: BusMessage.Payload,
        sequence: UInt64,
        sentAt: UInt64 = MonotonicClock.now(),
        payloadOffset: Int,
        into frame: UnsafeMutableRawBufferPointer
    ) -> Int {
        var header = ByteWriter(frame)
        // Magic, version and type in one store.
        header.write(
            UInt32(Self.magic.0) | UInt32(Self.magic.1) << 8 | UInt32(Self.version) << 16
                | UInt32(payload.type.rawValue) << 24
        )
        header.write(sequence)
        header.write(sentAt)
        var writer = ByteWriter(frame, offset: payloadOffset)
        switch payload {
        case .targetingResult(let result): result.encode(into: &writer)
        case .stop(let stop): writer.write(stop.stopID)
        case .stopAcknowledgement(let ack):
            writer.write(ack.stopID)
            writer.write(ack.state.rawValue)
        case .status(let status): status.encode(into: &writer)
        case .statusRequest(let request): writer.write(request.requestID)
        }
        return writer.count
    }

    /// Encodes `payload` behind a header into `buffer`, replacing its contents but keeping its storage.
    public static func encode(
        _ payload: BusMessage.Payload,
        sequence: UInt64,
        sender: String,
        sentAt: UInt64 = MonotonicClock.now(),
        into buffer: inout [UInt8]
    ) {
        if buffer.count < Self.maxFrameSize {
            buffer.append(contentsOf: repeatElement(0, count: Self.maxFrameSize - buffer.count))
        }
        let length = buffer.withUnsafeMutableBytes {
            Self.encode(payload, sequence: sequence, sender: sender, sentAt: sentAt, into: $0)
        }
        buffer.removeLast(buffer.count - length)
    }

    /// Encodes a whole message into a new array.
    public static func encode(_ message: BusMessage) -> [UInt8] {
        var buffer: [UInt8] = []
        Self.encode(
            message.payload,
            sequence: message.header.sequence,
            sender: message.header.sender,
            sentAt: message.header.sentAt,
            into: &buffer
        )
        return buffer
    }

    /// Decodes one frame into an owned message (a receiver lends a ``MessageView`` instead, and its caller decodes
    /// what it keeps).
    /// - Parameter previousSender: the sender of the previous frame on the same channel, if any; when this frame
    ///   comes from it too, its name is reused rather than decoded again.
    /// - Throws: ``WireFormatError`` for garbage, truncated frames, unknown versions or types, or bad fields
    ///   (floats that are NaN, infinite or absurd included: see ``WireFormatError/outOfRange(field:value:limit:)``).
    public static func decode(
        _ frame: UnsafeRawBufferPointer,
        previousSender: String = ""
    ) throws(WireFormatError) -> BusMessage {
        var reader = ByteReader(frame)
        let type = try Self.readType(&reader)
        let times = try reader.take(16)
        let sequence = times.read(UInt64.self, at: 0)
        let sentAt = times.read(UInt64.self, at: 8)
        let sender = try reader.readShortString(reusing: previousSender)
        guard sender.utf8.count <= Self.maxSenderLength else { throw .invalidField("sender name too long") }
        let header = MessageHeader(type: type, sequence: sequence, sentAt: sentAt, sender: sender)
        // Each case builds its message in place: a payload first held in a variable is copied once more.
        switch type {
        case .targetingResult:
            return BusMessage(header: header, payload: .targetingResult(try TargetingResult(decoding: &reader)))
        case .stop:
            return BusMessage(header: header, payload: .stop(StopRequest(stopID: try reader.read(UInt64.self))))
        case .stopAcknowledgement:
            let stopID = try reader.read(UInt64.self)
            let state = try ServiceState(decoding: &reader)
            return BusMessage(
                header: header,
                payload: .stopAcknowledgement(StopAcknowledgement(stopID: stopID, state: state))
            )
        case .status:
            return BusMessage(header: header, payload: .status(try ServiceStatus(decoding: &reader)))
        case .statusRequest:
            return BusMessage(
                header: header,
                payload: .statusRequest(StatusRequest(requestID: try reader.read(UInt64.self)))
            )
        }
    }

    /// Checks the magic and version at the start of a frame and reads its message type.
    @inline(__always)
    static func readType(_ reader: inout ByteReader) throws(WireFormatError) -> MessageType {
        guard reader.remaining >= 2, try reader.read(UInt8.self) == Self.magic.0, try reader.read(UInt8.self) == Self.magic.1
        else { throw .badMagic }
        let version = try reader.read(UInt8.self)
        guard version == Self.version else { throw .unsupportedVersion(version) }
        let typeByte = try reader.read(UInt8.self)
        guard let type = MessageType(rawValue: typeByte) else { throw .unknownType(typeByte) }
        return type
    }

    /// Decodes one frame held in an array.
    public static func decode(_ frame: [UInt8]) throws(WireFormatError) -> BusMessage {
        let result = frame.withUnsafeBytes { bytes in Result { () throws(WireFormatError) in try Self.decode(bytes) } }
        return try result.get()
    }
}
