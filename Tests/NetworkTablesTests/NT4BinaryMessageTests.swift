import Testing

@testable import NetworkTables

struct NT4BinaryMessageTests {
    /// The example from the NT4 specification: topic 50, t = 120 000 000 us, double 0.1234.
    static let specExample: [UInt8] = [
        0x94, 0x32, 0xd2, 0x07, 0x27, 0x0e, 0x00, 0x01, 0xcb, 0x3f, 0xbf, 0x97, 0x24, 0x74, 0x53, 0x8e, 0xf3,
    ]

    @Test func decodesTheSpecificationExample() throws {
        let messages = try NT4BinaryMessage.decodeFrame(Self.specExample)
        #expect(messages == [NT4BinaryMessage(id: 50, timestamp: 120_000_000, value: .double(0.1234))])
    }

    @Test func encodesTheSpecificationExampleCompatibly() throws {
        let bytes = NT4BinaryMessage.encodeFrame([
            NT4BinaryMessage(id: 50, timestamp: 120_000_000, value: .double(0.1234))
        ])
        // Same message; the timestamp uses uint32 (0xce) where ntcore wrote int32 (0xd2): both are valid MessagePack.
        #expect(bytes.count == Self.specExample.count)
        #expect(bytes[0...1] == [0x94, 0x32])
        #expect(bytes[2] == 0xce)
        #expect(bytes[3...] == Self.specExample[3...])
    }

    @Test func severalMessagesPerFrame() throws {
        let messages = [
            NT4BinaryMessage(id: -1, timestamp: 0, value: .int(123_456)),
            NT4BinaryMessage(id: 1, timestamp: 99, value: .stringArray(["mjpg:http://10.0.0.1:1181/?action=stream"])),
            NT4BinaryMessage(id: 2, timestamp: 100, value: .boolean(true)),
        ]
        #expect(try NT4BinaryMessage.decodeFrame(NT4BinaryMessage.encodeFrame(messages)) == messages)
    }

    @Test func timeSyncRequestLayout() {
        var writer = MessagePackWriter()
        writer.writeMessage(id: -1, timestamp: 0, value: .int(1_000))
        #expect(writer.bytes == [0x94, 0xff, 0x00, 0x02, 0xcd, 0x03, 0xe8])
    }

    static let malformedFrames: [[UInt8]] = [
        [],  // empty
        [0x93, 0x01, 0x02, 0x01],  // 3 elements
        [0x94, 0xa1, 0x41, 0x00, 0x01, 0xcb],  // id is a string
        [0x94, 0x01, 0x00, 0xcd, 0x01, 0x00, 0xc0],  // type id 256
        [0x94, 0x01, 0x00, 0x01, 0xc3],  // double expected, boolean sent
        [0xc1, 0xff, 0x00],  // garbage
        specExample + [0x94],  // a second message cut short
    ]

    @Test("malformed frames are rejected", arguments: malformedFrames)
    func malformed(bytes: [UInt8]) {
        #expect(throws: MessagePackError.self) { try NT4BinaryMessage.decodeFrame(bytes) }
    }
}
