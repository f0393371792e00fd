/// The fixed fields of a checked targeting result, read in place from its frame (see ``TargetingResult`` for
/// their meaning). Borrowed like the ``MessageView`` it comes from.
public struct TargetingResultView: ~Copyable {
    private let frame: UnsafeRawBufferPointer
    private let payloadOffset: Int

    init(_ frame: UnsafeRawBufferPointer, payloadOffset: Int) {
        self.frame = frame
        self.payloadOffset = payloadOffset
    }

    public var captureTime: UInt64 { self.load(UInt64.self, at: 0) }
    public var pipelineLatencyMicroseconds: UInt32 { self.load(UInt32.self, at: 8) }
    public var frameNumber: UInt64 { self.load(UInt64.self, at: 12) }
    public var imageWidth: UInt16 { self.load(UInt16.self, at: 21) }
    public var imageHeight: UInt16 { self.load(UInt16.self, at: 23) }
    /// Whether a field pose follows the targets.
    public var hasFieldPose: Bool { self.load(UInt8.self, at: 25) & 1 != 0 }
    /// Targets in the frame (at most ``TargetingResult/maxTargets``).
    public var targetCount: Int { Int(self.load(UInt8.self, at: 26)) }
    public var targetsCut: UInt16 { self.load(UInt16.self, at: 27) }

    private func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(littleEndian: self.frame.loadUnaligned(fromByteOffset: self.payloadOffset + offset, as: T.self))
    }
}
