/// One target seen in a frame: an AprilTag, or the 2019 reflective tape pair.
///
/// Wire layout (little-endian, 37 bytes plus 8 per corner plus 32 per pose):
///
/// | size | field |
/// |---|---|
/// | 2 | id, `i16` (AprilTag id; -1 for the reflective target) |
/// | 4 | yaw to the target centre, degrees, `f32` (positive: right of centre) |
/// | 4 | pitch to the target centre, degrees, `f32` (positive: above centre) |
/// | 4 | area, percent of the image, `f32` |
/// | 4 | skew (rotation about the camera's vertical axis), degrees, `f32` |
/// | 4 | distance from the camera, metres, `f32` (0 without a pose) |
/// | 4 | image centre x minus the target centre x, pixels, `f32` |
/// | 4 | decision margin, `f32` (AprilTag; 0 otherwise) |
/// | 1 | hamming (bits corrected), `u8` |
/// | 1 | corner count `c`, `u8` (at most ``maxCorners``) |
/// | 8·c | corners, `f32` x then `f32` y each (AprilTag order for tags; left tape then right tape for 2019) |
/// | 1 | pose flags, `u8`: bit 0 best pose follows, bit 1 alternate pose follows; other bits 0 |
/// | 32 | best pose (``TargetPose``), when flagged |
/// | 32 | alternate pose (``TargetPose``), when flagged |
/// | 4 | ambiguity, `f32` (best error / alternate error; -1 when unknown) |
public struct Target: Hashable, Sendable {
    /// The most corners a target carries (two 2019 tapes of four corners each).
    public static let maxCorners = 8
    /// The largest encoded target.
    public static let maxEncodedSize = 37 + 8 * maxCorners + 2 * TargetPose.encodedSize

    public var id: Int16
    public var yawDegrees: Float
    public var pitchDegrees: Float
    public var areaPercent: Float
    public var skewDegrees: Float
    public var distanceMeters: Float
    public var offsetPixels: Float
    public var decisionMargin: Float
    public var hamming: UInt8
    /// The camera-to-target pose with the lower reprojection error, if solved.
    public var bestPose: TargetPose?
    /// The other solution of a planar target's pose, if known.
    public var alternatePose: TargetPose?
    /// Best error divided by alternate error (PhotonVision's definition), -1 when unknown.
    public var ambiguity: Float
    public private(set) var cornerCount: Int
    private var cornerStorage: InlineArray<8, ImagePoint>

    public init(
        id: Int16 = -1,
        yawDegrees: Float = 0,
        pitchDegrees: Float = 0,
        areaPercent: Float = 0,
        skewDegrees: Float = 0,
        distanceMeters: Float = 0,
        offsetPixels: Float = 0,
        decisionMargin: Float = 0,
        hamming: UInt8 = 0,
        corners: some Collection<ImagePoint> = [ImagePoint](),
        bestPose: TargetPose? = nil,
        alternatePose: TargetPose? = nil,
        ambiguity: Float = -1
    ) {
        self.id = id
        self.yawDegrees = yawDegrees
        self.pitchDegrees = pitchDegrees
        self.areaPercent = areaPercent
        self.skewDegrees = skewDegrees
        self.distanceMeters = distanceMeters
        self.offsetPixels = offsetPixels
        self.decisionMargin = decisionMargin
        self.hamming = hamming
        self.bestPose = bestPose
        self.alternatePose = alternatePose
        self.ambiguity = ambiguity
        self.cornerCount = 0
        self.cornerStorage = InlineArray(repeating: ImagePoint(x: 0, y: 0))
        self.setCorners(corners)
    }

    /// The corners in image pixels (at most ``maxCorners``).
    public var corners: [ImagePoint] {
        (0..<self.cornerCount).map { self.cornerStorage[$0] }
    }

    /// Replaces the corners, keeping the first ``maxCorners``.
    public mutating func setCorners(_ corners: some Collection<ImagePoint>) {
        self.cornerCount = 0
        for point in corners.prefix(Self.maxCorners) {
            self.cornerStorage[self.cornerCount] = point
            self.cornerCount += 1
        }
    }

    /// Calls `body` with each corner, without building an array.
    public func forEachCorner(_ body: (ImagePoint) throws -> Void) rethrows {
        for index in 0..<self.cornerCount { try body(self.cornerStorage[index]) }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.id == rhs.id && lhs.yawDegrees == rhs.yawDegrees && lhs.pitchDegrees == rhs.pitchDegrees
            && lhs.areaPercent == rhs.areaPercent && lhs.skewDegrees == rhs.skewDegrees
            && lhs.distanceMeters == rhs.distanceMeters && lhs.offsetPixels == rhs.offsetPixels
            && lhs.decisionMargin == rhs.decisionMargin && lhs.hamming == rhs.hamming
            && lhs.bestPose == rhs.bestPose && lhs.alternatePose == rhs.alternatePose
            && lhs.ambiguity == rhs.ambiguity && lhs.corners == rhs.corners
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.id)
        hasher.combine(self.yawDegrees)
        hasher.combine(self.corners)
    }
}

extension Target {
    @inline(__always)
    func encode(into writer: inout ByteWriter) {
        writer.write(self.id)
        writer.write(self.yawDegrees)
        writer.write(self.pitchDegrees)
        writer.write(self.areaPercent)
        writer.write(self.skewDegrees)
        writer.write(self.distanceMeters)
        writer.write(self.offsetPixels)
        writer.write(self.decisionMargin)
        writer.write(self.hamming)
        writer.write(UInt8(self.cornerCount))
        for index in 0..<self.cornerCount {
            writer.write(self.cornerStorage[index].x)
            writer.write(self.cornerStorage[index].y)
        }
        writer.write(UInt8((self.bestPose == nil ? 0 : 1) | (self.alternatePose == nil ? 0 : 2)))
        self.bestPose?.encode(into: &writer)
        self.alternatePose?.encode(into: &writer)
        writer.write(self.ambiguity)
    }

    /// Checks an encoded target in place as ``init(decoding:)`` does (see ``FrameCheck``; offsets in the table).
    @inline(__always)
    static func check(_ check: inout FrameCheck) -> Bool {
        guard check.has(32) else { return false }
        let count = Int(check.byte(at: 31))
        guard count <= Self.maxCorners, check.has(33 + 8 * count) else { return false }
        check.float(at: 2, limit: FloatLimit.angleDegrees)
        check.float(at: 6, limit: FloatLimit.angleDegrees)
        check.float(at: 10, limit: FloatLimit.areaPercent)
        check.float(at: 14, limit: FloatLimit.angleDegrees)
        check.float(at: 18, limit: FloatLimit.meters)
        check.float(at: 22, limit: FloatLimit.pixels)
        check.float(at: 26, limit: FloatLimit.score)
        for index in 0..<2 * count { check.float(at: 32 + 4 * index, limit: FloatLimit.pixels) }
        let flags = check.byte(at: 32 + 8 * count)
        guard flags & ~0b11 == 0 else { return false }
        check.skip(33 + 8 * count)
        if flags & 1 != 0 { guard TargetPose.check(&check) else { return false } }
        if flags & 2 != 0 { guard TargetPose.check(&check) else { return false } }
        guard check.has(4) else { return false }
        check.float(at: 0, limit: FloatLimit.score)
        check.skip(4)
        return true
    }

    @inline(__always)
    init(decoding reader: inout ByteReader) throws(WireFormatError) {
        // Every field is read into a local first and `self` is set once at the end: a value set field by field
        // between throwing reads costs the optimizer a partial copy and destroy of `self` per target.
        // The fixed fields, then the corners and the pose flags, each run checked once (field offsets in the table).
        let head = try reader.take(32)
        let id = head.read(Int16.self, at: 0)
        let yaw = try head.readFloat(at: 2, "target yaw", limit: FloatLimit.angleDegrees)
        let pitch = try head.readFloat(at: 6, "target pitch", limit: FloatLimit.angleDegrees)
        let area = try head.readFloat(at: 10, "target area", limit: FloatLimit.areaPercent)
        let skew = try head.readFloat(at: 14, "target skew", limit: FloatLimit.angleDegrees)
        let distance = try head.readFloat(at: 18, "target distance", limit: FloatLimit.meters)
        let offset = try head.readFloat(at: 22, "target offset", limit: FloatLimit.pixels)
        let margin = try head.readFloat(at: 26, "target decision margin", limit: FloatLimit.score)
        let hamming = head.read(UInt8.self, at: 30)
        let count = Int(head.read(UInt8.self, at: 31))
        guard count <= Self.maxCorners else { throw .invalidField("corner count \(count) exceeds \(Self.maxCorners)") }
        let tail = try reader.take(8 * count + 1)
        var corners = InlineArray<8, ImagePoint>(repeating: ImagePoint(x: 0, y: 0))
        for index in 0..<count {
            corners[index] = ImagePoint(
                x: try tail.readFloat(at: 8 * index, "target corner x", limit: FloatLimit.pixels),
                y: try tail.readFloat(at: 8 * index + 4, "target corner y", limit: FloatLimit.pixels)
            )
        }
        let flags = tail.read(UInt8.self, at: 8 * count)
        guard flags & ~0b11 == 0 else { throw .invalidField("unknown target pose flags \(flags)") }
        let best = flags & 1 != 0 ? try TargetPose(decoding: &reader) : nil
        let alternate = flags & 2 != 0 ? try TargetPose(decoding: &reader) : nil
        let ambiguity = try reader.readFloat("target ambiguity", limit: FloatLimit.score)
        self.id = id
        self.yawDegrees = yaw
        self.pitchDegrees = pitch
        self.areaPercent = area
        self.skewDegrees = skew
        self.distanceMeters = distance
        self.offsetPixels = offset
        self.decisionMargin = margin
        self.hamming = hamming
        self.cornerStorage = corners
        self.cornerCount = count
        self.bestPose = best
        self.alternatePose = alternate
        self.ambiguity = ambiguity
    }
}
