/// The outcome of one processed frame: the frame's facts, every target seen in it (best first), and the field
/// pose when one was solved.
///
/// Build it once the pipeline is done, with its latency: nothing is patched in afterwards.
///
/// Payload layout after the header (wire version 2, little-endian, 29 bytes plus the targets plus the field pose):
///
/// | size | field |
/// |---|---|
/// | 8 | capture time, ``MonotonicClock`` ns of the producing host, `u64` |
/// | 4 | pipeline latency (capture to result), microseconds, `u32` |
/// | 8 | frame number (per camera source, from 1), `u64` |
/// | 1 | pipeline, `u8` (``PipelineKind/wireValue``: 1 reflective2019, 2 apriltag) |
/// | 2 | image width, `u16` |
/// | 2 | image height, `u16` |
/// | 1 | flags, `u8`: bit 0 a field pose follows the targets; other bits 0 |
/// | 1 | target count `n`, `u8` (at most ``maxTargets``) |
/// | 2 | targets cut (seen beyond ``maxTargets`` and not sent), `u16` |
/// | n × … | targets (``Target``, 37 to 165 bytes each), best first |
/// | … | field pose (``FieldPose``, 66 to 130 bytes), when flagged |
public struct TargetingResult: Hashable, Sendable {
    /// The most targets a result carries; more are cut and counted in ``targetsCut``.
    public static let maxTargets = 32
    /// Size of the fields before the targets.
    static let fixedEncodedSize = 29
    /// The largest encoded result.
    public static let maxEncodedSize = fixedEncodedSize + maxTargets * Target.maxEncodedSize + FieldPose.maxEncodedSize

    /// ``MonotonicClock`` ns of the producing host when the frame was captured (not comparable between hosts).
    public var captureTime: UInt64
    /// From capture to this result, microseconds.
    public var pipelineLatencyMicroseconds: UInt32
    /// The frame's number in its camera source, from 1.
    public var frameNumber: UInt64
    public var pipeline: PipelineKind
    public var imageWidth: UInt16
    public var imageHeight: UInt16
    /// The targets seen, best first (at most ``maxTargets``).
    public private(set) var targets: [Target]
    /// Targets seen beyond ``maxTargets`` and left out.
    public private(set) var targetsCut: UInt16
    /// Where the camera and robot are on the field, when solved from this frame.
    public var fieldPose: FieldPose? {
        get { self.hasFieldPose ? self.fieldPoseStorage : nil }
        set {
            self.hasFieldPose = newValue != nil
            self.fieldPoseStorage = newValue ?? .absent
        }
    }
    /// The field pose held unwrapped (``FieldPose/absent`` when there is none, so equality and hashing stay right):
    /// encoding then reads it in place, where each look into an optional copies it.
    private var hasFieldPose: Bool
    private var fieldPoseStorage: FieldPose

    /// Creates a result; `targets` beyond ``maxTargets`` are cut and counted in ``targetsCut``.
    public init(
        captureTime: UInt64,
        pipelineLatencyMicroseconds: UInt32 = 0,
        frameNumber: UInt64 = 0,
        pipeline: PipelineKind,
        imageWidth: UInt16 = 0,
        imageHeight: UInt16 = 0,
        targets: [Target] = [],
        fieldPose: FieldPose? = nil
    ) {
        self.captureTime = captureTime
        self.pipelineLatencyMicroseconds = pipelineLatencyMicroseconds
        self.frameNumber = frameNumber
        self.pipeline = pipeline
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.targets = []
        self.targetsCut = 0
        self.hasFieldPose = fieldPose != nil
        self.fieldPoseStorage = fieldPose ?? .absent
        self.setTargets(targets)
    }

    /// Replaces the targets, keeping the first ``maxTargets`` and counting the rest in ``targetsCut``.
    public mutating func setTargets(_ targets: [Target]) {
        self.targets = targets.count > Self.maxTargets ? Array(targets.prefix(Self.maxTargets)) : targets
        self.targetsCut = UInt16(clamping: targets.count - self.targets.count)
    }

    /// Whether any target was seen.
    public var found: Bool { !self.targets.isEmpty }

    /// The best target (the first), if any.
    public var bestTarget: Target? { self.targets.first }
}

extension TargetingResult {
    @inline(__always)
    func encode(into writer: inout ByteWriter) {
        writer.write(self.captureTime)
        writer.write(self.pipelineLatencyMicroseconds)
        writer.write(self.frameNumber)
        writer.write(self.pipeline.wireValue)
        writer.write(self.imageWidth)
        writer.write(self.imageHeight)
        writer.write(UInt8(self.hasFieldPose ? 1 : 0))
        writer.write(UInt8(self.targets.count))
        writer.write(self.targetsCut)
        // Each target is encoded where it lies: a `for target in` loop copies every target (over 200 bytes) first.
        self.targets.withUnsafeBufferPointer { targets in
            for index in targets.indices { targets[index].encode(into: &writer) }
        }
        if self.hasFieldPose { self.fieldPoseStorage.encode(into: &writer) }
    }

    /// The fields before the targets, checked.
    private struct Prefix {
        var captureTime: UInt64
        var latency: UInt32
        var frameNumber: UInt64
        var pipeline: PipelineKind
        var width: UInt16
        var height: UInt16
        var hasFieldPose: Bool
        var count: Int
        var cut: UInt16
    }

    @inline(__always)
    private static func readPrefix(_ reader: inout ByteReader) throws(WireFormatError) -> Prefix {
        let fields = try reader.take(Self.fixedEncodedSize)  // offsets in the table above
        let captureTime = fields.read(UInt64.self, at: 0)
        let latency = fields.read(UInt32.self, at: 8)
        let frameNumber = fields.read(UInt64.self, at: 12)
        let pipelineByte = fields.read(UInt8.self, at: 20)
        guard let pipeline = PipelineKind(wireValue: pipelineByte) else {
            throw .invalidField("unknown pipeline \(pipelineByte)")
        }
        let width = fields.read(UInt16.self, at: 21)
        let height = fields.read(UInt16.self, at: 23)
        let flags = fields.read(UInt8.self, at: 25)
        guard flags & ~1 == 0 else { throw .invalidField("unknown result flags \(flags)") }
        let count = Int(fields.read(UInt8.self, at: 26))
        guard count <= Self.maxTargets else { throw .invalidField("target count \(count) exceeds \(Self.maxTargets)") }
        let cut = fields.read(UInt16.self, at: 27)
        // Every target takes at least 37 bytes: a count the frame cannot hold is refused before allocating.
        guard reader.remaining >= 37 * count else {
            throw .truncated(needed: reader.offset + 37 * count, received: reader.offset + reader.remaining)
        }
        return Prefix(
            captureTime: captureTime, latency: latency, frameNumber: frameNumber, pipeline: pipeline, width: width,
            height: height, hasFieldPose: flags & 1 != 0, count: count, cut: cut)
    }

    /// Whether the encoded result at `offset` in `frame` passes every check ``init(decoding:)`` makes, decided in
    /// place without building it (``MessageView``; see ``FrameCheck``). Offsets in the table above.
    @inline(__always)
    static func passesChecks(_ frame: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var check = FrameCheck(frame, offset: offset)
        guard check.has(Self.fixedEncodedSize) else { return false }
        let flags = check.byte(at: 25)
        let count = Int(check.byte(at: 26))
        guard PipelineKind(wireValue: check.byte(at: 20)) != nil, flags & ~1 == 0, count <= Self.maxTargets else {
            return false
        }
        check.skip(Self.fixedEncodedSize)
        for _ in 0..<count {
            guard Target.check(&check) else { return false }
        }
        if flags & 1 != 0 {
            guard FieldPose.check(&check) else { return false }
        }
        return check.floatsInRange
    }

    init(decoding reader: inout ByteReader) throws(WireFormatError) {
        // Read into locals, then set `self` once (see `Target.init(decoding:)`).
        let prefix = try Self.readPrefix(&reader)
        var targets: [Target] = []
        targets.reserveCapacity(prefix.count)
        for _ in 0..<prefix.count { targets.append(try Target(decoding: &reader)) }
        let fieldPose = prefix.hasFieldPose ? try FieldPose(decoding: &reader) : .absent
        self.captureTime = prefix.captureTime
        self.pipelineLatencyMicroseconds = prefix.latency
        self.frameNumber = prefix.frameNumber
        self.pipeline = prefix.pipeline
        self.imageWidth = prefix.width
        self.imageHeight = prefix.height
        self.targets = targets
        self.targetsCut = prefix.cut
        self.hasFieldPose = prefix.hasFieldPose
        self.fieldPoseStorage = fieldPose
    }
}
