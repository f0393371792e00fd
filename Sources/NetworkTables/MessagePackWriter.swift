/// Encodes the MessagePack subset that NetworkTables 4 uses (nil, booleans, integers, float 32/64, str, bin,
/// arrays), always choosing the smallest representation.
public struct MessagePackWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Creates an empty writer, reserving `capacity` bytes.
    public init(capacity: Int = 64) {
        self.bytes = []
        self.bytes.reserveCapacity(capacity)
    }

    /// Writes `nil` (`0xc0`).
    public mutating func writeNil() {
        self.bytes.append(0xc0)
    }

    /// Writes `true` (`0xc3`) or `false` (`0xc2`).
    public mutating func write(_ value: Bool) {
        self.bytes.append(value ? 0xc3 : 0xc2)
    }

    /// Writes a signed integer: positive/negative fixint, or the smallest of uint8...64 / int8...64.
    public mutating func write(_ value: Int64) {
        if value >= 0 {
            self.write(unsigned: UInt64(value))
        } else if value >= -32 {
            self.bytes.append(UInt8(bitPattern: Int8(value)))
        } else if value >= Int64(Int8.min) {
            self.bytes.append(0xd0)
            self.bytes.append(UInt8(bitPattern: Int8(value)))
        } else if value >= Int64(Int16.min) {
            self.bytes.append(0xd1)
            self.appendBigEndian(UInt16(bitPattern: Int16(value)))
        } else if value >= Int64(Int32.min) {
            self.bytes.append(0xd2)
            self.appendBigEndian(UInt32(bitPattern: Int32(value)))
        } else {
            self.bytes.append(0xd3)
            self.appendBigEndian(UInt64(bitPattern: value))
        }
    }

    /// Writes an unsigned integer: positive fixint or the smallest of uint8...uint64.
    public mutating func write(unsigned value: UInt64) {
        if value <= 0x7f {
            self.bytes.append(UInt8(value))
        } else if value <= UInt64(UInt8.max) {
            self.bytes.append(0xcc)
            self.bytes.append(UInt8(value))
        } else if value <= UInt64(UInt16.max) {
            self.bytes.append(0xcd)
            self.appendBigEndian(UInt16(value))
        } else if value <= UInt64(UInt32.max) {
            self.bytes.append(0xce)
            self.appendBigEndian(UInt32(value))
        } else {
            self.bytes.append(0xcf)
            self.appendBigEndian(value)
        }
    }

    /// Writes a 32-bit float (`0xca`).
    public mutating func write(_ value: Float) {
        self.bytes.append(0xca)
        self.appendBigEndian(value.bitPattern)
    }

    /// Writes a 64-bit float (`0xcb`).
    public mutating func write(_ value: Double) {
        self.bytes.append(0xcb)
        self.appendBigEndian(value.bitPattern)
    }

    /// Writes a UTF-8 string as fixstr, str8, str16 or str32.
    public mutating func write(_ value: String) {
        let utf8 = value.utf8
        let count = utf8.count
        if count <= 31 {
            self.bytes.append(0xa0 | UInt8(count))
        } else if count <= Int(UInt8.max) {
            self.bytes.append(0xd9)
            self.bytes.append(UInt8(count))
        } else if count <= Int(UInt16.max) {
            self.bytes.append(0xda)
            self.appendBigEndian(UInt16(count))
        } else {
            self.bytes.append(0xdb)
            self.appendBigEndian(UInt32(count))
        }
        self.bytes.append(contentsOf: utf8)
    }

    /// Writes bytes as bin8, bin16 or bin32.
    public mutating func write(binary value: some Collection<UInt8>) {
        let count = value.count
        if count <= Int(UInt8.max) {
            self.bytes.append(0xc4)
            self.bytes.append(UInt8(count))
        } else if count <= Int(UInt16.max) {
            self.bytes.append(0xc5)
            self.appendBigEndian(UInt16(count))
        } else {
            self.bytes.append(0xc6)
            self.appendBigEndian(UInt32(count))
        }
        self.bytes.append(contentsOf: value)
    }

    /// Writes an array header (fixarray, array16 or array32); the caller then writes `count` elements.
    public mutating func writeArrayHeader(count: Int) {
        if count <= 15 {
            self.bytes.append(0x90 | UInt8(count))
        } else if count <= Int(UInt16.max) {
            self.bytes.append(0xdc)
            self.appendBigEndian(UInt16(count))
        } else {
            self.bytes.append(0xdd)
            self.appendBigEndian(UInt32(count))
        }
    }

    /// Writes a map header (fixmap, map16 or map32); the caller then writes `count` key/value pairs.
    public mutating func writeMapHeader(count: Int) {
        if count <= 15 {
            self.bytes.append(0x80 | UInt8(count))
        } else if count <= Int(UInt16.max) {
            self.bytes.append(0xde)
            self.appendBigEndian(UInt16(count))
        } else {
            self.bytes.append(0xdf)
            self.appendBigEndian(UInt32(count))
        }
    }

    /// Writes an NT4 value in the encoding its type id requires.
    public mutating func write(_ value: NTValue) {
        switch value {
        case .boolean(let v): self.write(v)
        case .double(let v): self.write(v)
        case .int(let v): self.write(v)
        case .float(let v): self.write(v)
        case .string(let v): self.write(v)
        case .raw(let v): self.write(binary: v)
        case .booleanArray(let a):
            self.writeArrayHeader(count: a.count)
            for v in a { self.write(v) }
        case .doubleArray(let a):
            self.writeArrayHeader(count: a.count)
            for v in a { self.write(v) }
        case .intArray(let a):
            self.writeArrayHeader(count: a.count)
            for v in a { self.write(v) }
        case .floatArray(let a):
            self.writeArrayHeader(count: a.count)
            for v in a { self.write(v) }
        case .stringArray(let a):
            self.writeArrayHeader(count: a.count)
            for v in a { self.write(v) }
        }
    }

    /// Writes one NT4 value message `[id, timestamp, typeID, value]`.
    ///
    /// - Parameters:
    ///   - id: The publisher id (client to server), topic id (server to client) or -1 for time sync.
    ///   - timestamp: Microseconds in the server time base (0 for time sync requests and "set default").
    ///   - value: The value; its type id is written from it.
    public mutating func writeMessage(id: Int64, timestamp: Int64, value: NTValue) {
        self.writeArrayHeader(count: 4)
        self.write(id)
        self.write(timestamp)
        self.write(unsigned: UInt64(value.typeID))
        self.write(value)
    }

    private mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        var big = value.bigEndian
        withUnsafeBytes(of: &big) { self.bytes.append(contentsOf: $0) }
    }
}
