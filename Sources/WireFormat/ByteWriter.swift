/// Writes little-endian fields into a caller's buffer of at least ``WireFormat/maxFrameSize`` bytes.
///
/// The size is checked once, when the writer is made: no frame this build encodes is larger (``WireFormat/
/// maxFrameSize`` bounds the longest sender and the largest payload), so fields are stored in place with no check,
/// no append and no allocation on the hot path.
struct ByteWriter {
    private let base: UnsafeMutableRawPointer
    /// Where the next field goes: the frame's length so far.
    private(set) var count: Int

    /// A writer that starts at `offset` (a header field's place; the frame's start by default).
    init(_ buffer: UnsafeMutableRawBufferPointer, offset: Int = 0) {
        precondition(
            buffer.count >= WireFormat.maxFrameSize,
            "frame buffer of \(buffer.count) bytes, smaller than WireFormat.maxFrameSize (\(WireFormat.maxFrameSize))"
        )
        precondition(offset >= 0 && offset <= WireFormat.fixedHeaderSize + WireFormat.maxSenderLength, "offset past the header")
        self.base = buffer.baseAddress!
        self.count = offset
    }

    @inline(__always)
    mutating func write<T: FixedWidthInteger>(_ value: T) {
        self.base.storeBytes(of: value.littleEndian, toByteOffset: self.count, as: T.self)
        self.count &+= MemoryLayout<T>.size
    }

    @inline(__always)
    mutating func write(_ value: Float) {
        self.write(value.bitPattern)
    }

    @inline(__always)
    mutating func write(_ value: Double) {
        self.write(value.bitPattern)
    }

    /// Writes a string as a `u8` length followed by its UTF-8 bytes, truncated to `maxLength` bytes.
    mutating func writeShortString(_ value: String, maxLength: Int) {
        // A native string lends its bytes as they are; only another kind (bridged, or a shared substring) is copied.
        if let written: Void = value.utf8.withContiguousStorageIfAvailable({ self.writeShortString($0, maxLength: maxLength) }) {
            return written
        }
        var value = value
        value.withUTF8 { self.writeShortString($0, maxLength: maxLength) }
    }

    private mutating func writeShortString(_ utf8: UnsafeBufferPointer<UInt8>, maxLength: Int) {
        var length = utf8.count
        if length > maxLength {
            // Keep whole characters only: never cut a multi-byte UTF-8 sequence (continuations are 10xxxxxx).
            length = maxLength
            while length > 0, utf8[length] & 0xC0 == 0x80 { length -= 1 }
        }
        self.write(UInt8(length))
        if length > 0 {
            (self.base + self.count).copyMemory(from: utf8.baseAddress!, byteCount: length)
            self.count &+= length
        }
    }
}
