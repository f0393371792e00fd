/// Match recording settings (`record` in `targeting.yml`): where segments go, when to record, and the disk budget.
public struct RecordConfiguration: Codable, Sendable, Hashable {
    /// Disabled time after which an `enabled` recording closes its segment (FRC's autonomous-to-teleop gap is shorter).
    public static let enabledGraceSeconds: UInt64 = 10

    /// The folder of the segments (created when missing).
    public var directory = "recordings"
    /// `off`, `always` or `enabled`.
    public var mode = RecordMode.off
    /// Disk budget of the folder's segments in bytes: the oldest segments are deleted first, never the running one.
    public var maxBytes = 8_000_000_000
    /// A segment closes and the next one starts after this many minutes.
    public var segmentMinutes = 5.0
    /// JPEG quality of the video frames (1...100).
    public var jpegQuality = 80
    /// Frames waiting to be written before new ones are dropped from the recording (never from processing).
    public var queueFrames = 60

    public init() {}

    /// Whether anything is recorded.
    public var isEnabled: Bool { self.mode != .off }

    /// Checks the ranges.
    /// - Throws: ``RecordingError/invalidArgument(_:)`` naming the key (`record.…`).
    public func validate() throws(RecordingError) {
        guard !self.isEnabled || !self.directory.isEmpty else { throw .invalidArgument("record.directory is empty") }
        guard self.maxBytes >= 1_000_000 else { throw .invalidArgument("record.max_bytes must be at least 1000000") }
        guard self.segmentMinutes.isFinite, self.segmentMinutes >= 0.05, self.segmentMinutes <= 24 * 60 else {
            throw .invalidArgument("record.segment_minutes must be 0.05...1440")
        }
        guard (1...100).contains(self.jpegQuality) else { throw .invalidArgument("record.jpeg_quality must be 1...100") }
        guard (1...1000).contains(self.queueFrames) else { throw .invalidArgument("record.queue_frames must be 1...1000") }
    }

    /// Segment length in nanoseconds.
    var segmentNanoseconds: UInt64 { UInt64(self.segmentMinutes * 60e9) }
}
