import WireFormat

/// Appends PhotonVision packet fields: little-endian integers and IEEE floats, `Transform3d` as seven doubles
/// (translation x, y, z, quaternion w, x, y, z), lists with a signed 8-bit length (at most ``maxListCount``),
/// optionals with a one-byte presence flag.
struct PhotonPacketWriter {
    /// The longest list a PhotonVision packet carries (its length byte is signed).
    static let maxListCount = 127

    private(set) var bytes: [UInt8]

    init(capacity: Int) {
        self.bytes = []
        self.bytes.reserveCapacity(capacity)
    }

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { self.bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Double) { self.write(value.bitPattern) }

    mutating func write(_ value: Float) { self.write(value.bitPattern) }

    mutating func writeBoolean(_ value: Bool) { self.bytes.append(value ? 1 : 0) }

    /// Writes a transform. A rotation that is not a finite, non-zero quaternion is written as the identity (WPILib's
    /// decoder would otherwise throw or propagate NaN into every rotation); others are normalised.
    mutating func write(_ transform: Transform3D) {
        self.write(Double(transform.x))
        self.write(Double(transform.y))
        self.write(Double(transform.z))
        let q = [transform.qw, transform.qx, transform.qy, transform.qz].map(Double.init)
        let norm = q.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let unit = norm.isFinite && norm > 1e-9 ? q.map { $0 / norm } : [1, 0, 0, 0]
        for component in unit { self.write(component) }
    }

    /// Writes the identity transform (PhotonVision's value when no pose is known).
    mutating func writeIdentityTransform() {
        self.write(Transform3D(x: 0, y: 0, z: 0))
    }

    /// Writes the length of a list of `count` elements, cut to ``maxListCount``, and returns how many to write.
    mutating func writeListCount(_ count: Int) -> Int {
        let written = min(max(0, count), Self.maxListCount)
        self.write(Int8(written))
        return written
    }

    /// Writes a list of corners (`TargetCorner`: x, y doubles), at most ``maxListCount``.
    mutating func writeCorners(_ corners: [ImagePoint]) {
        let count = self.writeListCount(corners.count)
        for corner in corners.prefix(count) {
            self.write(Double(corner.x))
            self.write(Double(corner.y))
        }
    }
}
