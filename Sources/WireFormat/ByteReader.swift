#if canImport(Glibc)
import Glibc
#endif

/// Reads little-endian fields from a borrowed frame, failing with ``WireFormatError/truncated`` past its end.
struct ByteReader {
    private let base: UnsafeRawPointer
    private let count: Int
    private(set) var offset: Int

    init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        // An empty frame has no base address; any pointer does, since no read passes the length check.
        self.base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        self.count = buffer.count
        self.offset = offset
    }

    /// Bytes left to read (`offset` never passes `count`).
    var remaining: Int { self.count &- self.offset }

    @inline(__always)
    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(WireFormatError) -> T {
        let size = MemoryLayout<T>.size
        guard self.remaining >= size else {
            throw .truncated(needed: self.offset + size, received: self.count)
        }
        let value = self.base.loadUnaligned(fromByteOffset: self.offset, as: T.self)
        self.offset &+= size
        return T(littleEndian: value)
    }

    /// Takes the next `size` bytes at once, checked once, for fields read at fixed offsets in them
    /// (``Block``): cheaper than a check per field.
    @inline(__always)
    mutating func take(_ size: Int) throws(WireFormatError) -> Block {
        guard self.remaining >= size else {
            throw .truncated(needed: self.offset + size, received: self.count)
        }
        let block = Block(base: self.base + self.offset, count: size)
        self.offset &+= size
        return block
    }

    /// Bytes taken by ``take(_:)``: little-endian fields at offsets within them.
    struct Block {
        let base: UnsafeRawPointer
        let count: Int

        @inline(__always)
        func read<T: FixedWidthInteger>(_: T.Type = T.self, at offset: Int) -> T {
            precondition(offset >= 0 && offset + MemoryLayout<T>.size <= self.count, "field beyond its block")
            return T(littleEndian: self.base.loadUnaligned(fromByteOffset: offset, as: T.self))
        }

        /// The float at `offset`, which must be finite and within ±`limit` (a ``FloatLimit``).
        @inline(__always)
        func readFloat(at offset: Int, _ field: StaticString, limit: Float) throws(WireFormatError) -> Float {
            let value = Float(bitPattern: self.read(UInt32.self, at: offset))
            guard value.magnitude <= limit else { throw ByteReader.outOfRange(field, value, limit) }
            return value
        }
    }

    @inline(__always)
    mutating func readFloat() throws(WireFormatError) -> Float {
        Float(bitPattern: try self.read(UInt32.self))
    }

    /// Reads a float that must be finite and within ±`limit` (a ``FloatLimit``), failing with
    /// ``WireFormatError/outOfRange(field:value:limit:)`` naming `field` otherwise.
    @inline(__always)
    mutating func readFloat(_ field: StaticString, limit: Float) throws(WireFormatError) -> Float {
        let value = try self.readFloat()
        guard value.magnitude <= limit else { throw Self.outOfRange(field, value, limit) }
        return value
    }

    /// Reads the four components of a rotation quaternion (w, x, y, z): finite, and of unit norm.
    @inline(__always)
    mutating func readQuaternion(_ field: StaticString) throws(WireFormatError) -> (Float, Float, Float, Float) {
        let limit = FloatLimit.quaternionComponent
        let q = (
            try self.readFloat(field, limit: limit), try self.readFloat(field, limit: limit),
            try self.readFloat(field, limit: limit), try self.readFloat(field, limit: limit)
        )
        let norm = q.0 * q.0 + q.1 * q.1 + q.2 * q.2 + q.3 * q.3
        guard (norm - 1).magnitude <= FloatLimit.quaternionNormTolerance else {
            throw .invalidField("\(field) is not a unit quaternion (squared norm \(norm))")
        }
        return q
    }

    /// The error for a float out of range, built apart from the inlined reads (it is never on the hot path).
    @inline(never)
    fileprivate static func outOfRange(_ field: StaticString, _ value: Float, _ limit: Float) -> WireFormatError {
        .outOfRange(field: "\(field)", value: value, limit: limit)
    }

    @inline(__always)
    mutating func readDouble() throws(WireFormatError) -> Double {
        Double(bitPattern: try self.read(UInt64.self))
    }

    /// Reads a `u8` length and that many UTF-8 bytes. When they spell `known`, returns `known` itself: a
    /// channel's frames nearly always come from the same sender, and validating its name anew costs more than
    /// the rest of a frame.
    mutating func readShortString(reusing known: String = "") throws(WireFormatError) -> String {
        let length = Int(try self.read(UInt8.self))
        guard self.remaining >= length else {
            throw .truncated(needed: self.offset + length, received: self.count)
        }
        let bytes = UnsafeRawBufferPointer(start: self.base + self.offset, count: length)
        self.offset &+= length
        var known = known
        let isKnown = known.withUTF8 { utf8 in
            utf8.count == length && length > 0 && memcmp(utf8.baseAddress!, bytes.baseAddress!, length) == 0
        }
        if isKnown { return known }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw .invalidField("string is not valid UTF-8")
        }
        return string
    }
}
