/// One NT4 MessagePack value message: `[id, timestamp, typeID, value]`.
public struct NT4BinaryMessage: Sendable, Hashable {
    /// Publisher id (client to server), topic id (server to client), or -1 for time synchronisation.
    public var id: Int64
    /// Microseconds in the server time base (for a time sync reply: the server's time when it answered).
    public var timestamp: Int64
    /// The type id as sent.
    public var typeID: UInt8
    /// The decoded value, or `nil` if the type id is unknown to this implementation (the value was skipped).
    public var value: NTValue?

    /// Creates a message.
    public init(id: Int64, timestamp: Int64, typeID: UInt8, value: NTValue?) {
        self.id = id
        self.timestamp = timestamp
        self.typeID = typeID
        self.value = value
    }

    /// Creates a message whose type id is the value's.
    public init(id: Int64, timestamp: Int64, value: NTValue) {
        self.init(id: id, timestamp: timestamp, typeID: value.typeID, value: value)
    }

    /// Decodes every message of one binary WebSocket frame (a frame holds one or more messages back to back).
    ///
    /// - Throws: ``MessagePackError`` if the frame is empty, truncated, or not NT4 value messages.
    public static func decodeFrame(_ bytes: [UInt8]) throws(MessagePackError) -> [NT4BinaryMessage] {
        guard !bytes.isEmpty else {
            throw MessagePackError.truncated(at: 0, "empty binary frame")
        }
        var reader = MessagePackReader(bytes)
        var messages: [NT4BinaryMessage] = []
        while !reader.isAtEnd {
            messages.append(try reader.readMessage())
        }
        return messages
    }

    /// Encodes messages back to back, as one binary frame.
    public static func encodeFrame(_ messages: some Sequence<NT4BinaryMessage>) -> [UInt8] {
        var writer = MessagePackWriter()
        for message in messages {
            writer.writeArrayHeader(count: 4)
            writer.write(message.id)
            writer.write(message.timestamp)
            writer.write(unsigned: UInt64(message.typeID))
            if let value = message.value { writer.write(value) } else { writer.writeNil() }
        }
        return writer.bytes
    }
}
