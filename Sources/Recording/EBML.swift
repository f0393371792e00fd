/// The EBML encoding Matroska is built on: elements are an id, a variable-length size and the content.
enum EBML {
    /// The size that marks an element of unknown size (read to the end of its parent), 8 bytes long.
    static let unknownSize: [UInt8] = [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]

    /// Appends an element with `content`.
    static func element(_ id: UInt32, _ content: [UInt8], to bytes: inout [UInt8]) {
        Self.id(id, to: &bytes)
        Self.size(UInt64(content.count), to: &bytes)
        bytes.append(contentsOf: content)
    }

    /// Appends an unsigned integer element (big-endian, fewest bytes).
    static func unsigned(_ id: UInt32, _ value: UInt64, to bytes: inout [UInt8]) {
        var length = 1
        while length < 8, value >> (8 * length) != 0 { length += 1 }
        Self.element(id, (0..<length).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }, to: &bytes)
    }

    /// Appends a UTF-8 string element.
    static func string(_ id: UInt32, _ value: String, to bytes: inout [UInt8]) {
        Self.element(id, Array(value.utf8), to: &bytes)
    }

    /// Appends an element id (its length marker is part of the id).
    static func id(_ id: UInt32, to bytes: inout [UInt8]) {
        let length = id > 0xFF_FFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1
        for index in (0..<length).reversed() { bytes.append(UInt8(truncatingIfNeeded: id >> (8 * index))) }
    }

    /// Appends a size as a variable-length integer of the fewest bytes (all-ones values are reserved).
    static func size(_ value: UInt64, to bytes: inout [UInt8]) {
        var length = 1
        while length < 8, value >= (UInt64(1) << (7 * length)) - 1 { length += 1 }
        let marked = value | UInt64(1) << (7 * length)
        for index in (0..<length).reversed() { bytes.append(UInt8(truncatingIfNeeded: marked >> (8 * index))) }
    }

    /// Reads a variable-length integer at `offset`: its value (without the length marker unless `keepMarker`, as
    /// ids are written) and its length; `nil` when cut short or invalid. An all-ones size reads as `UInt64.max`.
    static func readVariable(_ bytes: [UInt8], at offset: Int, keepMarker: Bool) -> (value: UInt64, length: Int)? {
        guard offset < bytes.count, bytes[offset] != 0 else { return nil }
        let length = bytes[offset].leadingZeroBitCount + 1
        guard length <= 8, offset + length <= bytes.count else { return nil }
        var value: UInt64 = 0
        for index in 0..<length { value = value << 8 | UInt64(bytes[offset + index]) }
        if keepMarker { return (value, length) }
        let bits = 7 * length
        let payload = value & ((UInt64(1) << bits) - 1)
        return (payload == (UInt64(1) << bits) - 1 ? UInt64.max : payload, length)
    }
}
