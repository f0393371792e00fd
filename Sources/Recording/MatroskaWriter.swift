/// Writes JPEG frames as an MJPEG video in Matroska (`.mkv`, codec `V_MJPEG`), which ffmpeg, ffprobe, VLC and
/// OpenCV's FFmpeg backend open.
///
/// Built for being killed: the segment's size is left unknown (so no header is rewritten at the end) and frames
/// are collected into a cluster in memory that reaches the file whole, about once a second (``flush()``). A file
/// whose writer was killed reads up to its last flushed cluster. Not thread-safe: one writer thread owns it.
public final class MatroskaWriter {
    /// A cluster reaches the file once it spans this many milliseconds (or at ``flush()``).
    public static let clusterMilliseconds: UInt64 = 1000

    private let file: OutputFile
    private let title: String
    private var headerWritten = false
    private var cluster: [UInt8] = []
    private var clusterStart: UInt64 = 0
    private var clusterFrames = 0
    private var lastMilliseconds: UInt64 = 0
    /// Frames handed to the file (in flushed clusters).
    public private(set) var flushedFrames = 0
    /// Frames appended, flushed or not: the next frame's index.
    public private(set) var frameCount = 0

    /// Creates the video at `path` (replacing a file there); `title` goes into its segment info.
    /// - Throws: ``RecordingError`` when the file cannot be created.
    public init(path: String, title: String) throws(RecordingError) {
        self.file = try OutputFile(path: path)
        self.title = title
    }

    /// The file's path.
    public var path: String { self.file.path }
    /// Bytes in the file plus those of the cluster being collected.
    public var size: Int { self.file.size + self.cluster.count }

    /// Appends one JPEG frame of `width` x `height` shown at `milliseconds` from the video's start (never less than the
    /// previous frame's); flushes the cluster first when it is full. Returns the frame's index in the video.
    /// - Throws: ``RecordingError`` when a flush fails; the video then ends at the last complete cluster.
    @discardableResult
    public func append(
        jpeg: UnsafeRawBufferPointer,
        width: Int,
        height: Int,
        milliseconds: UInt64
    ) throws(RecordingError) -> Int {
        if !self.headerWritten {
            try self.file.write(Self.header(width: width, height: height, title: self.title))
            self.headerWritten = true
        }
        let milliseconds = max(milliseconds, self.lastMilliseconds)
        self.lastMilliseconds = milliseconds
        if self.clusterFrames > 0, milliseconds - self.clusterStart >= Self.clusterMilliseconds {
            try self.flush()
        }
        if self.clusterFrames == 0 {
            self.clusterStart = milliseconds
            EBML.unsigned(0xE7, milliseconds, to: &self.cluster)
        }
        // SimpleBlock: track 1, timestamp relative to the cluster's (< 1000 ms fits its int16), key frame flag.
        let relative = UInt16(milliseconds - self.clusterStart)
        EBML.id(0xA3, to: &self.cluster)
        EBML.size(UInt64(4 + jpeg.count), to: &self.cluster)
        self.cluster.append(contentsOf: [0x81, UInt8(relative >> 8), UInt8(relative & 0xFF), 0x80])
        self.cluster.append(contentsOf: jpeg)
        self.clusterFrames += 1
        self.frameCount += 1
        return self.frameCount - 1
    }

    /// Writes the cluster collected so far to the file.
    /// - Throws: ``RecordingError`` (a full disk as ``RecordingError/diskFull(path:)``); do not write again then.
    public func flush() throws(RecordingError) {
        guard self.clusterFrames > 0 else { return }
        var element: [UInt8] = []
        element.reserveCapacity(self.cluster.count + 12)
        EBML.element(0x1F43_B675, self.cluster, to: &element)
        self.cluster.removeAll(keepingCapacity: true)
        let frames = self.clusterFrames
        self.clusterFrames = 0
        try self.file.write(element)
        self.flushedFrames += frames
    }

    /// Flushes and closes the file.
    public func close() throws(RecordingError) {
        try self.flush()
        try self.file.close()
    }

    /// The EBML header, then the start of a segment of unknown size with its info and the one video track.
    private static func header(width: Int, height: Int, title: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var ebml: [UInt8] = []
        EBML.unsigned(0x4286, 1, to: &ebml)  // EBMLVersion
        EBML.unsigned(0x42F7, 1, to: &ebml)  // EBMLReadVersion
        EBML.unsigned(0x42F2, 4, to: &ebml)  // EBMLMaxIDLength
        EBML.unsigned(0x42F3, 8, to: &ebml)  // EBMLMaxSizeLength
        EBML.string(0x4282, "matroska", to: &ebml)  // DocType
        EBML.unsigned(0x4287, 4, to: &ebml)  // DocTypeVersion
        EBML.unsigned(0x4285, 2, to: &ebml)  // DocTypeReadVersion
        EBML.element(0x1A45_DFA3, ebml, to: &bytes)
        EBML.id(0x1853_8067, to: &bytes)  // Segment, size unknown
        bytes.append(contentsOf: EBML.unknownSize)
        var info: [UInt8] = []
        EBML.unsigned(0x2A_D7B1, 1_000_000, to: &info)  // TimestampScale: milliseconds
        EBML.string(0x4D80, "robot-vision", to: &info)  // MuxingApp
        EBML.string(0x5741, "robot-vision targeting", to: &info)  // WritingApp
        EBML.string(0x7BA9, title, to: &info)  // Title
        EBML.element(0x1549_A966, info, to: &bytes)
        var video: [UInt8] = []
        EBML.unsigned(0xB0, UInt64(width), to: &video)  // PixelWidth
        EBML.unsigned(0xBA, UInt64(height), to: &video)  // PixelHeight
        var track: [UInt8] = []
        EBML.unsigned(0xD7, 1, to: &track)  // TrackNumber
        EBML.unsigned(0x73C5, 1, to: &track)  // TrackUID
        EBML.unsigned(0x83, 1, to: &track)  // TrackType: video
        EBML.unsigned(0x9C, 0, to: &track)  // FlagLacing
        EBML.string(0x86, "V_MJPEG", to: &track)  // CodecID
        EBML.element(0xE0, video, to: &track)
        var tracks: [UInt8] = []
        EBML.element(0xAE, track, to: &tracks)
        EBML.element(0x1654_AE6B, tracks, to: &bytes)
        return bytes
    }
}
