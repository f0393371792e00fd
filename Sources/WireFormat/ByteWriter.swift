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
        // Keep whole characters only: never cut a multi-byte UTF-8 sequence.
        var length = 0
        for scalar in value.unicodeScalars {
            let width = UTF8.width(scalar)
            if length + width > maxLength { break }
            length += width
        }
        self.write(UInt8(length))
        self.bytes.append(contentsOf: value.utf8.prefix(length))
    }
}
