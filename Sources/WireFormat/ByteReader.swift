#if canImport(Glibc)
import Glibc
#endif

/// Reads little-endian fields from a borrowed frame, failing with ``WireFormatError/truncated`` past its end.
struct ByteReader {
    private let buffer: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    var remaining: Int { self.buffer.count - self.offset }

    @inline(__always)
    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(WireFormatError) -> T {
        let size = MemoryLayout<T>.size
        guard self.remaining >= size else {
            throw .truncated(needed: self.offset + size, received: self.buffer.count)
        }
        let value = self.buffer.loadUnaligned(fromByteOffset: self.offset, as: T.self)
        self.offset += size
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
            throw .truncated(needed: self.offset + length, received: self.buffer.count)
        }
        let bytes = UnsafeRawBufferPointer(rebasing: self.buffer[self.offset..<self.offset + length])
        self.offset += length
        if known.utf8.count == length, length > 0,
            known.utf8.withContiguousStorageIfAvailable({ memcmp($0.baseAddress!, bytes.baseAddress!, length) == 0 }) == true
        {
            return known
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw .invalidField("string is not valid UTF-8")
        }
        return string
    }
}
