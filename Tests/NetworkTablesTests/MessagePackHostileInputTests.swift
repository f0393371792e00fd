import Testing

@testable import NetworkTables

/// ``MessagePackReader`` on hostile input: truncated, oversized and deeply nested frames give a
/// ``MessagePackError``, never a trap or a large allocation.
struct MessagePackHostileInputTests {
    /// A real frame: a time sync reply and values of every NT4 type.
    static let realFrame: [UInt8] = {
        var writer = MessagePackWriter()
        writer.writeMessage(id: -1, timestamp: 1_234_567, value: .int(42))
        let values: [NTValue] = [
            .boolean(true), .double(1.5), .int(-7), .float(2.5), .string("vision"), .raw([1, 2, 3]),
            .booleanArray([true, false]), .doubleArray([1, 2]), .intArray([3, 4]), .floatArray([5]),
            .stringArray(["a", "b"]),
        ]
        for (index, value) in values.enumerated() {
            writer.writeMessage(id: Int64(index), timestamp: 99, value: value)
        }
        return writer.bytes
    }()

    @Test func theRealFrameDecodes() throws {
        #expect(try NT4BinaryMessage.decodeFrame(Self.realFrame).count == 12)
    }

    @Test func everyTruncationIsAnError() {
        for length in 0..<Self.realFrame.count {
            let prefix = Array(Self.realFrame.prefix(length))
            do {
                let messages = try NT4BinaryMessage.decodeFrame(prefix)
                // A cut exactly between two messages is a valid, shorter frame.
                #expect(messages.count < 12)
            } catch {
                #expect(error.offset <= length)
            }
        }
    }

    @Test func everySingleBitFlipDecodesOrFails() {
        for index in Self.realFrame.indices {
            for bit in 0..<8 {
                var bytes = Self.realFrame
                bytes[index] ^= 1 << bit
                _ = try? NT4BinaryMessage.decodeFrame(bytes)
            }
        }
    }

    @Test func oversizedLengthsAreRefusedBeforeAllocating() {
        let headers: [[UInt8]] = [
            [0xdd, 0xff, 0xff, 0xff, 0xff],  // array32 of 4 billion
            [0xdf, 0xff, 0xff, 0xff, 0xff],  // map32 of 4 billion pairs
            [0xdb, 0xff, 0xff, 0xff, 0xff],  // str32 of 4 GiB
            [0xc6, 0xff, 0xff, 0xff, 0xff],  // bin32 of 4 GiB
            [0xc9, 0xff, 0xff, 0xff, 0xff, 0x01],  // ext32 of 4 GiB
        ]
        for header in headers {
            var reader = MessagePackReader(header + [0x01, 0x02])
            #expect(throws: MessagePackError.self) { try reader.skipValue() }
            var arrayReader = MessagePackReader(header + [0x01])
            #expect(throws: MessagePackError.self) { _ = try arrayReader.readArrayHeader() }
        }
        // An NT4 message whose double array claims 4 billion elements.
        let message: [UInt8] = [0x94, 0x01, 0x01, 0x11, 0xdd, 0xff, 0xff, 0xff, 0xff, 0xcb]
        #expect(throws: MessagePackError.self) { try NT4BinaryMessage.decodeFrame(message) }
    }

    @Test func deepNestingIsRefused() {
        for opener: UInt8 in [0x91, 0x81] {
            // A million nested one-element arrays (or maps keyed by nil), as the value of an unknown NT4 type.
            var bytes: [UInt8] = [0x94, 0x01, 0x01, 0x7f]
            for _ in 0..<1_000_000 {
                bytes.append(opener)
                if opener == 0x81 { bytes.append(0xc0) }
            }
            bytes.append(0xc0)
            #expect {
                try NT4BinaryMessage.decodeFrame(bytes)
            } throws: { error in
                (error as? MessagePackError)?.detail.contains("nested deeper") == true
            }
        }
    }

    @Test func outOfRangeNumbersAreErrors() {
        var reader = MessagePackReader([0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        #expect(throws: MessagePackError.self) { _ = try reader.readInt() }
        let typeOutOfRange: [UInt8] = [0x94, 0x01, 0x01, 0xcd, 0x01, 0x00, 0xc0]
        #expect(throws: MessagePackError.self) { try NT4BinaryMessage.decodeFrame(typeOutOfRange) }
        let badUTF8: [UInt8] = [0x94, 0x01, 0x01, 0x04, 0xa2, 0xc3, 0x28]
        #expect(throws: MessagePackError.self) { try NT4BinaryMessage.decodeFrame(badUTF8) }
    }

    @Test func randomInputNeverTraps() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...64, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? NT4BinaryMessage.decodeFrame(bytes)
        }
    }
}
