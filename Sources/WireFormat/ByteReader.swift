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

    @inline(__always)
    mutating func readFloat() throws(WireFormatError) -> Float {
        Float(bitPattern: try self.read(UInt32.self))
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
