import Testing

@testable import NetworkTables

struct MessagePackTests {
    private func encode(_ body: (inout MessagePackWriter) -> Void) -> [UInt8] {
        var writer = MessagePackWriter()
        body(&writer)
        return writer.bytes
    }

    static let integerCases: [(Int64, [UInt8])] = [
        (0, [0x00]),
        (127, [0x7f]),
        (128, [0xcc, 0x80]),
        (255, [0xcc, 0xff]),
        (256, [0xcd, 0x01, 0x00]),
        (65_535, [0xcd, 0xff, 0xff]),
        (65_536, [0xce, 0x00, 0x01, 0x00, 0x00]),
        (4_294_967_295, [0xce, 0xff, 0xff, 0xff, 0xff]),
        (4_294_967_296, [0xcf, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]),
        (-1, [0xff]),
        (-32, [0xe0]),
        (-33, [0xd0, 0xdf]),
        (-128, [0xd0, 0x80]),
        (-129, [0xd1, 0xff, 0x7f]),
        (-32_768, [0xd1, 0x80, 0x00]),
        (-32_769, [0xd2, 0xff, 0xff, 0x7f, 0xff]),
        (Int64(Int32.min), [0xd2, 0x80, 0x00, 0x00, 0x00]),
        (Int64(Int32.min) - 1, [0xd3, 0xff, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff]),
        (Int64.max, [0xcf, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        (Int64.min, [0xd3, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]),
    ]

    @Test("integers use the smallest format", arguments: integerCases)
    func integerEncoding(value: Int64, expected: [UInt8]) throws {
        let bytes = self.encode { $0.write(value) }
        #expect(bytes == expected)
        var reader = MessagePackReader(bytes)
        #expect(try reader.readInt() == value)
        #expect(reader.isAtEnd)
    }

    @Test("every signed and unsigned integer format decodes")
    func integerFormatsDecode() throws {
        let cases: [([UInt8], Int64)] = [
            ([0xd0, 0x05], 5), ([0xd1, 0x00, 0x05], 5), ([0xd2, 0x00, 0x00, 0x00, 0x05], 5),
            ([0xd3, 0, 0, 0, 0, 0, 0, 0, 5], 5), ([0xcc, 0x05], 5), ([0xcd, 0x00, 0x05], 5),
            ([0xce, 0, 0, 0, 5], 5), ([0xcf, 0, 0, 0, 0, 0, 0, 0, 5], 5),
        ]
        for (bytes, value) in cases {
            var reader = MessagePackReader(bytes)
            #expect(try reader.readInt() == value, "\(bytes)")
        }
    }

    @Test func uint64AboveInt64MaxIsRejected() {
        var reader = MessagePackReader([0xcf, 0x80, 0, 0, 0, 0, 0, 0, 0])
        #expect(throws: MessagePackError.self) { try reader.readInt() }
    }

    @Test func floatsAndDoubles() throws {
        #expect(self.encode { $0.write(1.5 as Float) } == [0xca, 0x3f, 0xc0, 0x00, 0x00])
        #expect(self.encode { $0.write(0.1234) } == [0xcb, 0x3f, 0xbf, 0x97, 0x24, 0x74, 0x53, 0x8e, 0xf3])
        for value in [0.0, -0.0, 1e-300, -123.456, .infinity, -.infinity, .greatestFiniteMagnitude] {
            var reader = MessagePackReader(self.encode { $0.write(value) })
            #expect(try reader.readDouble().bitPattern == value.bitPattern)
        }
        var nan = MessagePackReader(self.encode { $0.write(Double.nan) })
        #expect(try nan.readDouble().isNaN)
        // Doubles accept float 32 and integers; floats accept float 64.
        var widened = MessagePackReader([0xca, 0x3f, 0xc0, 0x00, 0x00, 0x07, 0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0])
        #expect(try widened.readDouble() == 1.5)
        #expect(try widened.readDouble() == 7)
        #expect(try widened.readFloat() == 1.5)
        var notFloat = MessagePackReader([0xa1, 0x41])
        #expect(throws: MessagePackError.self) { try notFloat.readDouble() }
    }

    static let stringCases: [(Int, [UInt8])] = [
        (0, [0xa0]),
        (31, [0xbf]),
        (32, [0xd9, 32]),
        (255, [0xd9, 0xff]),
        (256, [0xda, 0x01, 0x00]),
        (65_535, [0xda, 0xff, 0xff]),
        (65_536, [0xdb, 0x00, 0x01, 0x00, 0x00]),
    ]

    @Test("strings use fixstr, str8, str16 and str32", arguments: stringCases)
    func stringSizes(length: Int, header: [UInt8]) throws {
        let text = String(repeating: "a", count: length)
        let bytes = self.encode { $0.write(text) }
        #expect(Array(bytes.prefix(header.count)) == header)
        #expect(bytes.count == header.count + length)
        var reader = MessagePackReader(bytes)
        #expect(try reader.readString() == text)
        #expect(reader.isAtEnd)
    }

    @Test func unicodeStringRoundTripsAndInvalidUTF8IsRejected() throws {
        let text = "caméra ✓ 🎯"
        var reader = MessagePackReader(self.encode { $0.write(text) })
        #expect(try reader.readString() == text)
        var bad = MessagePackReader([0xa2, 0xc3, 0x28])
        #expect(throws: MessagePackError.self) { try bad.readString() }
    }

    static let binaryCases: [(Int, [UInt8])] = [
        (0, [0xc4, 0]), (255, [0xc4, 0xff]), (256, [0xc5, 0x01, 0x00]), (70_000, [0xc6, 0x00, 0x01, 0x11, 0x70]),
    ]

    @Test("binary uses bin8, bin16 and bin32", arguments: binaryCases)
    func binarySizes(length: Int, header: [UInt8]) throws {
        let data = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
        let bytes = self.encode { $0.write(binary: data) }
        #expect(Array(bytes.prefix(header.count)) == header)
        var reader = MessagePackReader(bytes)
        #expect(try reader.readBinary() == data)
    }

    static let arrayCases: [(Int, [UInt8])] = [
        (0, [0x90]), (15, [0x9f]), (16, [0xdc, 0x00, 0x10]), (65_536, [0xdd, 0x00, 0x01, 0x00, 0x00]),
    ]

    @Test("array headers use fixarray, array16 and array32", arguments: arrayCases)
    func arrayHeaders(count: Int, header: [UInt8]) throws {
        let value = NTValue.booleanArray(Array(repeating: true, count: count))
        let bytes = self.encode { $0.write(value) }
        #expect(Array(bytes.prefix(header.count)) == header)
        var reader = MessagePackReader(bytes)
        #expect(try reader.readValue(typeID: 16) == value)
    }

    static let allTypes: [NTValue] = [
        .boolean(true), .boolean(false), .double(-3.25), .int(-5_000_000_000), .int(42), .float(2.5),
        .string(""), .string("hello"), .raw([]), .raw([0, 1, 2, 255]),
        .booleanArray([true, false, true]), .doubleArray([1.5, -2, 1e10]), .intArray([0, -1, Int64.max, Int64.min]),
        .floatArray([0.5, -1.25]), .stringArray(["a", "", "longer string with spaces"]),
        .doubleArray([]), .stringArray([]),
    ]

    @Test("every NT4 value type round-trips", arguments: allTypes)
    func valueRoundTrip(value: NTValue) throws {
        var reader = MessagePackReader(self.encode { $0.write(value) })
        #expect(try reader.readValue(typeID: value.typeID) == value)
        #expect(reader.isAtEnd)
    }

    @Test("truncated input is rejected with an error at every cut", arguments: allTypes)
    func truncatedValue(value: NTValue) throws {
        let bytes = self.encode { $0.writeMessage(id: 3, timestamp: 1_000_000, value: value) }
        for cut in 0..<bytes.count {
            var reader = MessagePackReader(Array(bytes.prefix(cut)))
            #expect(throws: MessagePackError.self, "cut at \(cut) of \(bytes.count)") { try reader.readMessage() }
        }
        var whole = MessagePackReader(bytes)
        #expect(try whole.readMessage() == NT4BinaryMessage(id: 3, timestamp: 1_000_000, value: value))
    }

    @Test func hugeDeclaredLengthsAreRejectedWithoutAllocating() {
        var string = MessagePackReader([0xdb, 0xff, 0xff, 0xff, 0xff, 0x41])
        #expect(throws: MessagePackError.self) { try string.readString() }
        var array = MessagePackReader([0xdd, 0xff, 0xff, 0xff, 0xff, 0xc3])
        #expect(throws: MessagePackError.self) { try array.readArrayHeader() }
        var map = MessagePackReader([0xdf, 0xff, 0xff, 0xff, 0xff])
        #expect(throws: MessagePackError.self) { try map.skipValue() }
    }

    @Test func wrongFormatsAreRejected() {
        var neverUsed = MessagePackReader([0xc1])
        #expect(throws: MessagePackError.self) { try neverUsed.skipValue() }
        var boolFromInt = MessagePackReader([0x01])
        #expect(throws: MessagePackError.self) { try boolFromInt.readBool() }
        var stringFromBinary = MessagePackReader([0xc4, 0x01, 0x41])
        #expect(throws: MessagePackError.self) { try stringFromBinary.readString() }
        var arrayFromMap = MessagePackReader([0x80])
        #expect(throws: MessagePackError.self) { try arrayFromMap.readArrayHeader() }
        var mixedArray = MessagePackReader([0x92, 0xc3, 0x01])
        #expect(throws: MessagePackError.self) { try mixedArray.readValue(typeID: 16) }
    }

    @Test func skipValueHandlesEveryFormatAndUnknownTypeIDsAreSkipped() throws {
        var writer = MessagePackWriter()
        writer.writeMapHeader(count: 2)
        writer.write("id")
        writer.write("client")
        writer.write("nested")
        writer.writeArrayHeader(count: 3)
        writer.writeNil()
        writer.write(Int64(-70_000))
        writer.write(binary: [1, 2, 3])
        var bytes = writer.bytes
        bytes += [0xd4, 0x01, 0x02]  // fixext 1
        bytes += [0xc7, 0x02, 0x05, 0xaa, 0xbb]  // ext 8
        bytes += [0x2a]
        var reader = MessagePackReader(bytes)
        try reader.skipValue()
        try reader.skipValue()
        try reader.skipValue()
        #expect(try reader.readInt() == 42)
        #expect(reader.isAtEnd)

        // A message with a type id this client does not know keeps the frame decodable.
        var unknown = MessagePackWriter()
        unknown.writeArrayHeader(count: 4)
        unknown.write(Int64(9))
        unknown.write(Int64(5))
        unknown.write(unsigned: 99)
        unknown.writeMapHeader(count: 1)
        unknown.write("k")
        unknown.write(1.0)
        unknown.writeMessage(id: 10, timestamp: 6, value: .int(7))
        let messages = try NT4BinaryMessage.decodeFrame(unknown.bytes)
        #expect(
            messages == [
                NT4BinaryMessage(id: 9, timestamp: 5, typeID: 99, value: nil),
                NT4BinaryMessage(id: 10, timestamp: 6, value: .int(7)),
            ]
        )
    }

    @Test func deepNestingIsRejected() {
        let bytes = [UInt8](repeating: 0x91, count: 100) + [0xc0]
        var reader = MessagePackReader(bytes)
        #expect(throws: MessagePackError.self) { try reader.skipValue() }
    }
}
