/// Where the camera and the robot are on the field, solved from the tags of a frame that the field layout knows.
///
/// Wire layout (little-endian, 66 bytes plus 2 per tag id):
///
/// | size | field |
/// |---|---|
/// | 1 | flags, `u8`: bit 0 multi-tag (solved from every tag at once; otherwise from one tag); other bits 0 |
/// | 28 | field to camera (``Transform3D``) |
/// | 28 | field to robot (``Transform3D``) |
/// | 4 | reprojection error, pixels, `f32` |
/// | 4 | ambiguity, `f32` (single tag; -1 for multi-tag or unknown) |
/// | 1 | tag count `k`, `u8` (at most ``maxTags``) |
/// | 2·k | ids of the tags used, `i16` each |
public struct FieldPose: Hashable, Sendable {
    /// The most tag ids a field pose lists.
    public static let maxTags = 32
    /// The largest encoded field pose.
    public static let maxEncodedSize = 66 + 2 * maxTags

    /// The value a ``TargetingResult`` holds when it has no field pose.
    static let absent = FieldPose(
        fieldToCamera: Transform3D(x: 0, y: 0, z: 0), fieldToRobot: Transform3D(x: 0, y: 0, z: 0),
        reprojectionErrorPixels: 0, isMultiTag: false, tagIDs: [])

    public var fieldToCamera: Transform3D
    public var fieldToRobot: Transform3D
    public var reprojectionErrorPixels: Float
    /// Ambiguity of a single-tag solution (-1 when multi-tag or unknown).
    public var ambiguity: Float
    /// Whether every tag was solved at once (`false`: the lower-ambiguity solution of one tag).
    public var isMultiTag: Bool
    /// How many of ``tagIDStorage`` are used.
    private var tagCount: Int
    /// Held inline, not in an array: a field pose is then plain data, copied and dropped without reference counts
    /// (it sits in every result a producer encodes).
    private var tagIDStorage: InlineArray<32, Int16>

    public init(
        fieldToCamera: Transform3D,
        fieldToRobot: Transform3D,
        reprojectionErrorPixels: Float,
        ambiguity: Float = -1,
        isMultiTag: Bool,
        tagIDs: [Int16]
    ) {
        self.fieldToCamera = fieldToCamera
        self.fieldToRobot = fieldToRobot
        self.reprojectionErrorPixels = reprojectionErrorPixels
        self.ambiguity = ambiguity
        self.isMultiTag = isMultiTag
        self.tagCount = min(tagIDs.count, Self.maxTags)
        self.tagIDStorage = InlineArray(repeating: 0)
        for index in 0..<self.tagCount { self.tagIDStorage[index] = tagIDs[index] }
    }

    /// Ids of the tags the pose was solved from (at most ``maxTags``).
    public var tagIDs: [Int16] { (0..<self.tagCount).map { self.tagIDStorage[$0] } }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.fieldToCamera == rhs.fieldToCamera && lhs.fieldToRobot == rhs.fieldToRobot
            && lhs.reprojectionErrorPixels == rhs.reprojectionErrorPixels && lhs.ambiguity == rhs.ambiguity
            && lhs.isMultiTag == rhs.isMultiTag && lhs.tagIDs == rhs.tagIDs
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.fieldToRobot)
        hasher.combine(self.tagIDs)
    }

    @inline(__always)
    func encode(into writer: inout ByteWriter) {
        writer.write(UInt8(self.isMultiTag ? 1 : 0))
        self.fieldToCamera.encode(into: &writer)
        self.fieldToRobot.encode(into: &writer)
        writer.write(self.reprojectionErrorPixels)
        writer.write(self.ambiguity)
        writer.write(UInt8(self.tagCount))
        for index in 0..<self.tagCount { writer.write(self.tagIDStorage[index]) }
    }

    /// Checks an encoded field pose in place as ``init(decoding:)`` does (see ``FrameCheck``).
    static func check(_ check: inout FrameCheck) -> Bool {
        guard check.has(1), check.byte(at: 0) & ~1 == 0 else { return false }
        check.skip(1)
        guard Transform3D.check(&check), Transform3D.check(&check), check.has(9) else { return false }
        check.float(at: 0, limit: FloatLimit.score)
        check.float(at: 4, limit: FloatLimit.score)
        let count = Int(check.byte(at: 8))
        guard count <= Self.maxTags else { return false }
        check.skip(9)
        guard check.has(2 * count) else { return false }
        check.skip(2 * count)
        return true
    }

    init(decoding reader: inout ByteReader) throws(WireFormatError) {
        let flags = try reader.read(UInt8.self)
        guard flags & ~1 == 0 else { throw .invalidField("unknown field pose flags \(flags)") }
        self.isMultiTag = flags == 1
        self.fieldToCamera = try Transform3D(
            decoding: &reader, translation: "field to camera translation", rotation: "field to camera rotation")
        self.fieldToRobot = try Transform3D(
            decoding: &reader, translation: "field to robot translation", rotation: "field to robot rotation")
        self.reprojectionErrorPixels = try reader.readFloat("field pose reprojection error", limit: FloatLimit.score)
        self.ambiguity = try reader.readFloat("field pose ambiguity", limit: FloatLimit.score)
        let count = Int(try reader.read(UInt8.self))
        guard count <= Self.maxTags else { throw .invalidField("field pose tag count \(count) exceeds \(Self.maxTags)") }
        guard reader.remaining >= 2 * count else {
            throw .truncated(needed: reader.offset + 2 * count, received: reader.offset + reader.remaining)
        }
        var ids = InlineArray<32, Int16>(repeating: 0)
        for index in 0..<count { ids[index] = try reader.read(Int16.self) }
        self.tagCount = count
        self.tagIDStorage = ids
    }
}
