/// Appends little-endian fields to a reusable byte buffer.
///
/// The buffer keeps its capacity between messages, so encoding on a hot path does not allocate once warm.
struct ByteWriter: ~Copyable {
    var bytes: [UInt8]

    init(reusing buffer: consuming [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        self.bytes = buffer
    }

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { self.bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Float) {
        self.write(value.bitPattern)
    }

    mutating func write(_ value: Double) {
        self.write(value.bitPattern)
    }

    /// Writes a string as a `u8` length followed by its UTF-8 bytes, truncated to `maxLength` bytes.
    mutating func writeShortString(_ value: String, maxLength: Int = 255) {
        var utf8 = Array(value.utf8.prefix(maxLength))
        // Do not cut a multi-byte character in half.
        while let last = utf8.last, last & 0xC0 == 0x80 || (utf8.count == maxLength && last >= 0xC0) {
            utf8.removeLast()
        }
        self.write(UInt8(utf8.count))
        self.bytes.append(contentsOf: utf8)
    }
}
