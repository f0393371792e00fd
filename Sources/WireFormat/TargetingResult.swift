/// A point in image pixels (origin top left, x to the right, y down).
public struct ImagePoint: Hashable, Sendable {
    public var x: Float
    public var y: Float

    public init(x: Float, y: Float) {
        self.x = x
        self.y = y
    }
}

/// Which pipeline produced a ``TargetingResult``.
public enum PipelineKind: UInt8, Sendable, CaseIterable {
    case none = 0
    case reflective2019 = 1
    case apriltag = 2
}

/// The outcome of one processed frame: whether a target was found, where it is, and how old the data is.
///
/// Payload layout after the header (little-endian, 49 bytes plus 8 per corner):
///
/// | size | field |
/// |---|---|
/// | 8 | capture time, ``MonotonicClock`` ns, `u64` |
/// | 4 | pipeline latency, microseconds, `u32` |
/// | 4 | frame number, `u32` |
/// | 1 | found, `u8` 0/1 |
/// | 1 | pipeline, `u8` (``PipelineKind``) |
/// | 2 | target id, `i16` (-1 when not applicable) |
/// | 4 | distance to the target, metres, `f32` |
/// | 4 | yaw to the target, degrees, `f32` (positive: target right of centre) |
/// | 4 | pitch to the target, degrees, `f32` (positive: target above centre) |
/// | 4 | skew of the target relative to the camera, degrees, `f32` |
/// | 4 | horizontal pixel offset of the target centre from the image centre, `f32` |
/// | 4 | target area, percent of the image, `f32` |
/// | 2 | image width, `u16` |
/// | 2 | image height, `u16` |
/// | 1 | corner count `c` (at most ``TargetingResult/maxCorners``) |
/// | 8·c | corners, `f32` x then `f32` y each |
public struct TargetingResult: Hashable, Sendable {
    /// The most corners a result carries (two 2019 tapes of four corners each).
    public static let maxCorners = 8

    public var captureTime: UInt64
    public var pipelineLatencyMicroseconds: UInt32
    public var frameNumber: UInt32
    public var found: Bool
    public var pipeline: PipelineKind
    public var targetID: Int16
    public var distanceMeters: Float
    public var yawDegrees: Float
    public var pitchDegrees: Float
    public var skewDegrees: Float
    public var offsetPixels: Float
    public var areaPercent: Float
    public var imageWidth: UInt16
    public var imageHeight: UInt16
    public private(set) var cornerCount: Int
    private var cornerStorage: InlineArray<8, ImagePoint>

    public init(
        captureTime: UInt64,
        pipelineLatencyMicroseconds: UInt32 = 0,
        frameNumber: UInt32 = 0,
        found: Bool,
        pipeline: PipelineKind = .none,
        targetID: Int16 = -1,
        distanceMeters: Float = 0,
        yawDegrees: Float = 0,
        pitchDegrees: Float = 0,
        skewDegrees: Float = 0,
        offsetPixels: Float = 0,
        areaPercent: Float = 0,
        imageWidth: UInt16 = 0,
        imageHeight: UInt16 = 0,
        corners: some Collection<ImagePoint> = [ImagePoint]()
    ) {
        self.captureTime = captureTime
        self.pipelineLatencyMicroseconds = pipelineLatencyMicroseconds
        self.frameNumber = frameNumber
        self.found = found
        self.pipeline = pipeline
        self.targetID = targetID
        self.distanceMeters = distanceMeters
        self.yawDegrees = yawDegrees
        self.pitchDegrees = pitchDegrees
        self.skewDegrees = skewDegrees
        self.offsetPixels = offsetPixels
        self.areaPercent = areaPercent
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.cornerCount = 0
        self.cornerStorage = InlineArray(repeating: ImagePoint(x: 0, y: 0))
        self.setCorners(corners)
    }

    /// The target's corners in image pixels (at most ``maxCorners``; extra ones are dropped).
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
        lhs.captureTime == rhs.captureTime && lhs.pipelineLatencyMicroseconds == rhs.pipelineLatencyMicroseconds
            && lhs.frameNumber == rhs.frameNumber && lhs.found == rhs.found && lhs.pipeline == rhs.pipeline
            && lhs.targetID == rhs.targetID && lhs.distanceMeters == rhs.distanceMeters
            && lhs.yawDegrees == rhs.yawDegrees && lhs.pitchDegrees == rhs.pitchDegrees
            && lhs.skewDegrees == rhs.skewDegrees && lhs.offsetPixels == rhs.offsetPixels
            && lhs.areaPercent == rhs.areaPercent && lhs.imageWidth == rhs.imageWidth
            && lhs.imageHeight == rhs.imageHeight && lhs.corners == rhs.corners
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.captureTime)
        hasher.combine(self.frameNumber)
        hasher.combine(self.found)
        hasher.combine(self.corners)
    }
}

extension TargetingResult {
    func encode(into writer: inout ByteWriter) {
        writer.write(self.captureTime)
        writer.write(self.pipelineLatencyMicroseconds)
        writer.write(self.frameNumber)
        writer.write(UInt8(self.found ? 1 : 0))
        writer.write(self.pipeline.rawValue)
        writer.write(self.targetID)
        writer.write(self.distanceMeters)
        writer.write(self.yawDegrees)
        writer.write(self.pitchDegrees)
        writer.write(self.skewDegrees)
        writer.write(self.offsetPixels)
        writer.write(self.areaPercent)
        writer.write(self.imageWidth)
        writer.write(self.imageHeight)
        writer.write(UInt8(self.cornerCount))
        self.forEachCorner { point in
            writer.write(point.x)
            writer.write(point.y)
        }
    }

    init(decoding reader: inout ByteReader) throws(WireFormatError) {
        // Fields are set directly, not through the public initializer: it is generic over the corner collection.
        self.captureTime = try reader.read(UInt64.self)
        self.pipelineLatencyMicroseconds = try reader.read(UInt32.self)
        self.frameNumber = try reader.read(UInt32.self)
        let found = try reader.read(UInt8.self)
        guard found <= 1 else { throw .invalidField("found must be 0 or 1, got \(found)") }
        self.found = found == 1
        let pipelineByte = try reader.read(UInt8.self)
        guard let pipeline = PipelineKind(rawValue: pipelineByte) else {
            throw .invalidField("unknown pipeline \(pipelineByte)")
        }
        self.pipeline = pipeline
        self.targetID = try reader.read(Int16.self)
        self.distanceMeters = try reader.readFloat()
        self.yawDegrees = try reader.readFloat()
        self.pitchDegrees = try reader.readFloat()
        self.skewDegrees = try reader.readFloat()
        self.offsetPixels = try reader.readFloat()
        self.areaPercent = try reader.readFloat()
        self.imageWidth = try reader.read(UInt16.self)
        self.imageHeight = try reader.read(UInt16.self)
        let count = Int(try reader.read(UInt8.self))
        guard count <= Self.maxCorners else {
            throw .invalidField("corner count \(count) exceeds \(Self.maxCorners)")
        }
        self.cornerStorage = InlineArray(repeating: ImagePoint(x: 0, y: 0))
        for index in 0..<count {
            self.cornerStorage[index] = ImagePoint(x: try reader.readFloat(), y: try reader.readFloat())
        }
        self.cornerCount = count
    }
}
