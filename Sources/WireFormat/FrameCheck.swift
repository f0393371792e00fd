/// Checks encoded fields in place, for a ``MessageView``: whether they pass every check their decoder makes, without
/// building them and without saying why not (a frame that fails is handed to the decoder, which names the error and
/// has the last word, so the two never disagree on an error; the check must only never pass what the decoder refuses).
///
/// Floats cost no branch each: the magnitude's bits, read as an integer, are ordered as the magnitudes are, and NaN's
/// are above infinity's, so `limit - magnitude` computed on the bits is negative exactly when the decoder's
/// `magnitude <= limit` fails; the differences are OR-ed together and their sign read once at the end.
struct FrameCheck {
    private let base: UnsafeRawPointer
    private let end: Int
    /// Where the next field starts; the offsets given to the reads are relative to it.
    private var offset: Int
    /// Negative once a float was NaN, infinite or beyond its limit.
    private var excess: Int32 = 0

    init(_ frame: UnsafeRawBufferPointer, offset: Int) {
        // An empty frame has no base address; any pointer does, since no read passes the length check.
        self.base = frame.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        self.end = frame.count
        self.offset = offset
    }

    /// Whether every float checked so far is in range.
    var floatsInRange: Bool { self.excess >= 0 }

    /// Whether `size` more bytes follow ``offset``: each read below stays within what this confirmed.
    @inline(__always)
    func has(_ size: Int) -> Bool { self.end &- self.offset >= size }

    /// Steps over `size` bytes (confirmed by ``has(_:)``).
    @inline(__always)
    mutating func skip(_ size: Int) { self.offset &+= size }

    @inline(__always)
    func byte(at delta: Int) -> UInt8 { self.base.load(fromByteOffset: self.offset &+ delta, as: UInt8.self) }

    /// Notes whether the float at `delta` is finite and within ±`limit` (a ``FloatLimit``).
    @inline(__always)
    mutating func float(at delta: Int, limit: Float) {
        self.noteMagnitude(bits: self.bits(at: delta), limit: limit)
    }

    /// Notes whether the rotation quaternion (w, x, y, z) at `delta` passes ``ByteReader/readQuaternion(_:)``.
    @inline(__always)
    mutating func quaternion(at delta: Int) {
        let limit = FloatLimit.quaternionComponent
        for index in 0..<4 { self.float(at: delta &+ 4 &* index, limit: limit) }
        let q = (
            Float(bitPattern: self.bits(at: delta)), Float(bitPattern: self.bits(at: delta &+ 4)),
            Float(bitPattern: self.bits(at: delta &+ 8)), Float(bitPattern: self.bits(at: delta &+ 12))
        )
        // The decoder's expression, term for term: the same rounding.
        let norm = q.0 * q.0 + q.1 * q.1 + q.2 * q.2 + q.3 * q.3
        self.noteMagnitude(bits: (norm - 1).bitPattern, limit: FloatLimit.quaternionNormTolerance)
    }

    @inline(__always)
    private func bits(at delta: Int) -> UInt32 {
        UInt32(littleEndian: self.base.loadUnaligned(fromByteOffset: self.offset &+ delta, as: UInt32.self))
    }

    @inline(__always)
    private mutating func noteMagnitude(bits: UInt32, limit: Float) {
        // Both are at most 0x7FFF_FFFF: the difference cannot overflow.
        self.excess |= Int32(bitPattern: limit.bitPattern) &- Int32(bitPattern: bits & 0x7FFF_FFFF)
    }
}
