import Foundation

/// Reads the frames of an MJPEG Matroska video written by ``MatroskaWriter``: each frame's JPEG bytes and time.
///
/// A video cut short (its writer killed) reads up to its last complete cluster.
public struct MatroskaReader: Sendable {
    /// One video frame.
    public struct VideoFrame: Hashable, Sendable {
        /// Milliseconds from the video's start.
        public var milliseconds: UInt64
        /// The JPEG image.
        public var jpeg: [UInt8]
    }

    /// The frames in order; a frame's index is its `videoFrameIndex` in the log beside the video.
    public let frames: [VideoFrame]

    /// Reads the video at `path`.
    /// - Throws: ``RecordingError`` when the file cannot be read or does not start with an EBML header.
    public init(path: String) throws(RecordingError) {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .io(path: path, reason: error.localizedDescription)
        }
        guard bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) else { throw .malformed(path: path, reason: "no EBML header") }
        var frames: [VideoFrame] = []
        Self.readElements(bytes, from: 0, to: bytes.count, clusterTime: 0, into: &frames)
        self.frames = frames
    }

    /// Walks the elements in `start..<end`, entering segments and clusters and collecting their SimpleBlocks.
    private static func readElements(
        _ bytes: [UInt8],
        from start: Int,
        to end: Int,
        clusterTime: UInt64,
        into frames: inout [VideoFrame]
    ) {
        var offset = start
        var clusterTime = clusterTime
        while offset < end {
            guard let id = EBML.readVariable(bytes, at: offset, keepMarker: true),
                let size = EBML.readVariable(bytes, at: offset + id.length, keepMarker: false)
            else { return }
            let contentStart = offset + id.length + size.length
            let unknown = size.value == UInt64.max
            guard unknown || size.value <= UInt64(end - contentStart) else { return }  // cut short
            let contentEnd = unknown ? end : contentStart + Int(size.value)
            switch id.value {
            case 0x1853_8067, 0x1F43_B675:  // Segment, Cluster
                Self.readElements(bytes, from: contentStart, to: contentEnd, clusterTime: clusterTime, into: &frames)
            case 0xE7:  // Cluster timestamp
                clusterTime = bytes[contentStart..<contentEnd].reduce(0) { $0 << 8 | UInt64($1) }
            case 0xA3:  // SimpleBlock: track vint, int16 relative time, flags, frame
                if let track = EBML.readVariable(bytes, at: contentStart, keepMarker: false),
                    contentEnd - contentStart >= track.length + 3
                {
                    let timeAt = contentStart + track.length
                    let relative = Int16(bitPattern: UInt16(bytes[timeAt]) << 8 | UInt16(bytes[timeAt + 1]))
                    let time = relative >= 0
                        ? clusterTime + UInt64(relative) : clusterTime - min(clusterTime, UInt64(-Int(relative)))
                    frames.append(VideoFrame(milliseconds: time, jpeg: Array(bytes[(timeAt + 3)..<contentEnd])))
                }
            default:
                break
            }
            offset = contentEnd
        }
    }
}
