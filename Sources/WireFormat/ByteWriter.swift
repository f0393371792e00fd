/// Writes little-endian fields into a caller's buffer of at least ``WireFormat/maxFrameSize`` bytes.
///
/// Fields are stored in place: no appends, no allocation, no uniqueness checks on the hot path.
struct ByteWriter {
    private let buffer: UnsafeMutableRawBufferPointer
    /// Bytes written so far.
    private(set) var count = 0

    init(_ buffer: UnsafeMutableRawBufferPointer) {
        self.buffer = buffer
    }

    @inline(__always)
    mutating func write<T: FixedWidthInteger>(_ value: T) {
        let size = MemoryLayout<T>.size
        precondition(self.count + size <= self.buffer.count, "frame buffer smaller than WireFormat.maxFrameSize")
        self.buffer.storeBytes(of: value.littleEndian, toByteOffset: self.count, as: T.self)
        self.count += size
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
    mutating func writeShortString(_ value: String, maxLength: Int = 255) {
        var length = value.utf8.count
        if length > maxLength {
            // Keep whole characters only: never cut a multi-byte UTF-8 sequence.
            length = 0
            for scalar in value.unicodeScalars {
                let width = UTF8.width(scalar)
                if length + width > maxLength { break }
                length += width
            }
        }
        self.write(UInt8(length))
        precondition(self.count + length <= self.buffer.count, "frame buffer smaller than WireFormat.maxFrameSize")
        let start = self.count
        let copied = value.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            self.buffer.baseAddress!.advanced(by: start).copyMemory(from: utf8.baseAddress!, byteCount: length)
            return true
        }
        if copied != true {
            for (index, byte) in value.utf8.prefix(length).enumerated() { self.buffer[start + index] = byte }
        }
        self.count += length
    }
}
