/// Decodes the MessagePack subset that NetworkTables 4 uses, rejecting truncated or malformed input with a
/// ``MessagePackError`` (it never traps on bad input).
public struct MessagePackReader: Sendable {
    /// The input.
    public let bytes: [UInt8]
    /// The offset of the next byte to read.
    public private(set) var offset: Int

    /// Creates a reader over `bytes`, starting at the first byte.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    /// Whether all input has been read.
    public var isAtEnd: Bool { self.offset >= self.bytes.count }

    // MARK: - Scalars

    /// Reads `nil`, returning whether the next value was nil (it is consumed only if so).
    public mutating func readNilIfPresent() throws(MessagePackError) -> Bool {
        guard try self.peekByte() == 0xc0 else { return false }
        self.offset += 1
        return true
    }

    /// Reads a boolean.
    public mutating func readBool() throws(MessagePackError) -> Bool {
        let start = self.offset
        switch try self.readByte() {
        case 0xc2: return false
        case 0xc3: return true
        case let byte: throw self.unexpected(byte, at: start, expected: "boolean")
        }
    }

    /// Reads any integer format into `Int64` (uint64 above `Int64.max` is rejected).
    public mutating func readInt() throws(MessagePackError) -> Int64 {
        let start = self.offset
        let byte = try self.readByte()
        switch byte {
        case 0x00...0x7f: return Int64(byte)
        case 0xe0...0xff: return Int64(Int8(bitPattern: byte))
        case 0xcc: return Int64(try self.readByte())
        case 0xcd: return Int64(try self.readBigEndian(UInt16.self))
        case 0xce: return Int64(try self.readBigEndian(UInt32.self))
        case 0xcf:
            let value = try self.readBigEndian(UInt64.self)
            guard value <= UInt64(Int64.max) else {
                throw MessagePackError.outOfRange(at: start, "uint64 \(value) does not fit a signed 64-bit int")
            }
            return Int64(value)
        case 0xd0: return Int64(Int8(bitPattern: try self.readByte()))
        case 0xd1: return Int64(Int16(bitPattern: try self.readBigEndian(UInt16.self)))
        case 0xd2: return Int64(Int32(bitPattern: try self.readBigEndian(UInt32.self)))
        case 0xd3: return Int64(bitPattern: try self.readBigEndian(UInt64.self))
        default: throw self.unexpected(byte, at: start, expected: "integer")
        }
    }

    /// Reads a float 64, also accepting float 32 and integers (converted).
    public mutating func readDouble() throws(MessagePackError) -> Double {
        let start = self.offset
        switch try self.peekByte() {
        case 0xcb:
            self.offset += 1
            return Double(bitPattern: try self.readBigEndian(UInt64.self))
        case 0xca:
            self.offset += 1
            return Double(Float(bitPattern: try self.readBigEndian(UInt32.self)))
        case 0x00...0x7f, 0xe0...0xff, 0xcc...0xcf, 0xd0...0xd3:
            return Double(try self.readInt())
        case let byte:
            throw self.unexpected(byte, at: start, expected: "float")
        }
    }

    /// Reads a float 32, also accepting float 64 and integers (converted, possibly losing precision).
    public mutating func readFloat() throws(MessagePackError) -> Float {
        let start = self.offset
        if try self.peekByte() == 0xca {
            self.offset += 1
            return Float(bitPattern: try self.readBigEndian(UInt32.self))
        }
        do {
            return Float(try self.readDouble())
        } catch {
            throw error.reported(at: start)
        }
    }

    /// Reads a UTF-8 string (fixstr, str8, str16, str32).
    public mutating func readString() throws(MessagePackError) -> String {
        let start = self.offset
        let byte = try self.readByte()
        let count: Int
        switch byte {
        case 0xa0...0xbf: count = Int(byte & 0x1f)
        case 0xd9: count = Int(try self.readByte())
        case 0xda: count = Int(try self.readBigEndian(UInt16.self))
        case 0xdb: count = Int(try self.readBigEndian(UInt32.self))
        default: throw self.unexpected(byte, at: start, expected: "string")
        }
        let slice = try self.readSlice(count: count)
        guard let string = String(validating: slice, as: UTF8.self) else {
            throw MessagePackError.invalidUTF8(at: start, "string of \(count) bytes is not valid UTF-8")
        }
        return string
    }

    /// Reads bytes (bin8, bin16, bin32; str formats are accepted too, as some peers send raw data that way).
    public mutating func readBinary() throws(MessagePackError) -> [UInt8] {
        let start = self.offset
        let byte = try self.readByte()
        let count: Int
        switch byte {
        case 0xc4: count = Int(try self.readByte())
        case 0xc5: count = Int(try self.readBigEndian(UInt16.self))
        case 0xc6: count = Int(try self.readBigEndian(UInt32.self))
        case 0xa0...0xbf: count = Int(byte & 0x1f)
        case 0xd9: count = Int(try self.readByte())
        case 0xda: count = Int(try self.readBigEndian(UInt16.self))
        case 0xdb: count = Int(try self.readBigEndian(UInt32.self))
        default: throw self.unexpected(byte, at: start, expected: "binary")
        }
        return Array(try self.readSlice(count: count))
    }

    /// Reads an array header and returns the element count.
    public mutating func readArrayHeader() throws(MessagePackError) -> Int {
        let start = self.offset
        let byte = try self.readByte()
        let count: Int
        switch byte {
        case 0x90...0x9f: count = Int(byte & 0x0f)
        case 0xdc: count = Int(try self.readBigEndian(UInt16.self))
        case 0xdd: count = Int(try self.readBigEndian(UInt32.self))
        default: throw self.unexpected(byte, at: start, expected: "array")
        }
        // Every element takes at least one byte: a count larger than the rest of the input is truncated input.
        guard count <= self.bytes.count - self.offset else {
            throw MessagePackError.truncated(
                at: start,
                "array of \(count) elements but only \(self.bytes.count - self.offset) bytes left"
            )
        }
        return count
    }

    /// Reads a map header and returns the number of key/value pairs.
    public mutating func readMapHeader() throws(MessagePackError) -> Int {
        let start = self.offset
        let byte = try self.readByte()
        let count: Int
        switch byte {
        case 0x80...0x8f: count = Int(byte & 0x0f)
        case 0xde: count = Int(try self.readBigEndian(UInt16.self))
        case 0xdf: count = Int(try self.readBigEndian(UInt32.self))
        default: throw self.unexpected(byte, at: start, expected: "map")
        }
        guard count <= (self.bytes.count - self.offset) / 2 else {
            throw MessagePackError.truncated(
                at: start,
                "map of \(count) pairs but only \(self.bytes.count - self.offset) bytes left"
            )
        }
        return count
    }

    /// Skips one value of any MessagePack format (including maps and extension types), bounded in depth.
    public mutating func skipValue() throws(MessagePackError) {
        try self.skipValue(depth: 0)
    }

    // MARK: - NT4

    /// Reads a value of the given NT4 type id; returns `nil` (after skipping it) for an unknown type id.
    public mutating func readValue(typeID: UInt8) throws(MessagePackError) -> NTValue? {
        switch typeID {
        case 0: return .boolean(try self.readBool())
        case 1: return .double(try self.readDouble())
        case 2: return .int(try self.readInt())
        case 3: return .float(try self.readFloat())
        case 4: return .string(try self.readString())
        case 5: return .raw(try self.readBinary())
        case 16:
            return .booleanArray(try self.readArray { (r: inout Self) throws(MessagePackError) in try r.readBool() })
        case 17:
            return .doubleArray(try self.readArray { (r: inout Self) throws(MessagePackError) in try r.readDouble() })
        case 18: return .intArray(try self.readArray { (r: inout Self) throws(MessagePackError) in try r.readInt() })
        case 19:
            return .floatArray(try self.readArray { (r: inout Self) throws(MessagePackError) in try r.readFloat() })
        case 20:
            return .stringArray(try self.readArray { (r: inout Self) throws(MessagePackError) in try r.readString() })
        default:
            try self.skipValue()
            return nil
        }
    }

    /// Reads one NT4 value message `[id, timestamp, typeID, value]`.
    public mutating func readMessage() throws(MessagePackError) -> NT4BinaryMessage {
        let start = self.offset
        let count = try self.readArrayHeader()
        guard count == 4 else {
            throw MessagePackError.invalidMessage(
                at: start,
                "NT4 value message must be a 4-element array, got \(count)"
            )
        }
        let id = try self.readInt()
        let timestamp = try self.readInt()
        let typeStart = self.offset
        let typeID = try self.readInt()
        guard (0...255).contains(typeID) else {
            throw MessagePackError.invalidMessage(at: typeStart, "type id \(typeID) out of range")
        }
        let value = try self.readValue(typeID: UInt8(typeID))
        return NT4BinaryMessage(id: id, timestamp: timestamp, typeID: UInt8(typeID), value: value)
    }

    // MARK: - Helpers

    private mutating func readArray<T>(
        _ element: (inout Self) throws(MessagePackError) -> T
    ) throws(MessagePackError) -> [T] {
        let count = try self.readArrayHeader()
        var result: [T] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try element(&self)) }
        return result
    }

    private mutating func skipValue(depth: Int) throws(MessagePackError) {
        let start = self.offset
        guard depth < 64 else {
            throw MessagePackError.unexpectedFormat(at: start, "values nested deeper than 64 levels")
        }
        let byte = try self.readByte()
        switch byte {
        case 0x00...0x7f, 0xe0...0xff, 0xc0, 0xc2, 0xc3: return
        case 0x80...0x8f: try self.skipValues(2 * Int(byte & 0x0f), depth: depth)
        case 0x90...0x9f: try self.skipValues(Int(byte & 0x0f), depth: depth)
        case 0xa0...0xbf: _ = try self.readSlice(count: Int(byte & 0x1f))
        case 0xc4, 0xd9: _ = try self.readSlice(count: Int(try self.readByte()))
        case 0xc5, 0xda: _ = try self.readSlice(count: Int(try self.readBigEndian(UInt16.self)))
        case 0xc6, 0xdb: _ = try self.readSlice(count: Int(try self.readBigEndian(UInt32.self)))
        case 0xc7: _ = try self.readSlice(count: Int(try self.readByte()) + 1)
        case 0xc8: _ = try self.readSlice(count: Int(try self.readBigEndian(UInt16.self)) + 1)
        case 0xc9: _ = try self.readSlice(count: Int(try self.readBigEndian(UInt32.self)) + 1)
        case 0xca: _ = try self.readSlice(count: 4)
        case 0xcb: _ = try self.readSlice(count: 8)
        case 0xcc, 0xd0: _ = try self.readSlice(count: 1)
        case 0xcd, 0xd1: _ = try self.readSlice(count: 2)
        case 0xce, 0xd2: _ = try self.readSlice(count: 4)
        case 0xcf, 0xd3: _ = try self.readSlice(count: 8)
        case 0xd4: _ = try self.readSlice(count: 2)
        case 0xd5: _ = try self.readSlice(count: 3)
        case 0xd6: _ = try self.readSlice(count: 5)
        case 0xd7: _ = try self.readSlice(count: 9)
        case 0xd8: _ = try self.readSlice(count: 17)
        case 0xdc: try self.skipValues(Int(try self.readBigEndian(UInt16.self)), depth: depth)
        case 0xdd: try self.skipValues(Int(try self.readBigEndian(UInt32.self)), depth: depth)
        case 0xde: try self.skipValues(2 * Int(try self.readBigEndian(UInt16.self)), depth: depth)
        case 0xdf: try self.skipValues(2 * Int(try self.readBigEndian(UInt32.self)), depth: depth)
        default:  // 0xc1 is never used
            throw self.unexpected(byte, at: start, expected: "any value")
        }
    }

    private mutating func skipValues(_ count: Int, depth: Int) throws(MessagePackError) {
        guard count <= self.bytes.count - self.offset else {
            throw MessagePackError.truncated(
                at: self.offset,
                "\(count) nested values but only \(self.bytes.count - self.offset) bytes left"
            )
        }
        for _ in 0..<count { try self.skipValue(depth: depth + 1) }
    }

    private func peekByte() throws(MessagePackError) -> UInt8 {
        guard self.offset < self.bytes.count else {
            throw MessagePackError.truncated(at: self.offset, "input ended where a value was expected")
        }
        return self.bytes[self.offset]
    }

    private mutating func readByte() throws(MessagePackError) -> UInt8 {
        let byte = try self.peekByte()
        self.offset += 1
        return byte
    }

    private mutating func readSlice(count: Int) throws(MessagePackError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= self.bytes.count - self.offset else {
            throw MessagePackError.truncated(
                at: self.offset,
                "need \(count) bytes, only \(self.bytes.count - self.offset) left"
            )
        }
        let slice = self.bytes[self.offset..<(self.offset + count)]
        self.offset += count
        return slice
    }

    private mutating func readBigEndian<T: FixedWidthInteger>(_: T.Type) throws(MessagePackError) -> T {
        let slice = try self.readSlice(count: MemoryLayout<T>.size)
        var value: T = 0
        for byte in slice { value = (value << 8) | T(byte) }
        return value
    }

    private func unexpected(_ byte: UInt8, at offset: Int, expected: String) -> MessagePackError {
        let hex = String(byte, radix: 16, uppercase: false)
        return MessagePackError.unexpectedFormat(at: offset, "expected \(expected), found format byte 0x\(hex)")
    }
}
