import Foundation
import Recording
import TestSupport
import Testing
import Vision

/// The MJPEG Matroska writer: its frames read back byte for byte, ffprobe decodes every one, and a file cut short
/// (its writer killed) reads up to its last flushed cluster.
@Suite struct MatroskaWriterTests {
    /// Writes `count` JPEG frames 33 ms apart; returns their bytes.
    static func writeVideo(_ path: String, count: Int) throws -> (MatroskaWriter, [[UInt8]]) {
        let video = try MatroskaWriter(path: path, title: "test")
        let encoder = try JPEGEncoder()
        var jpegs: [[UInt8]] = []
        for index in 0..<count {
            var jpeg: [UInt8] = []
            try encoder.encode(try RecordingFixtures.frame(index), quality: 80, into: &jpeg)
            let position = try jpeg.withUnsafeBytes {
                try video.append(jpeg: $0, width: 320, height: 240, milliseconds: UInt64(index) * 33)
            }
            #expect(position == index)
            jpegs.append(jpeg)
        }
        return (video, jpegs)
    }

    @Test func framesReadBackInOrderAndFFprobeDecodesThemAll() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("video.mkv").path
        let (video, jpegs) = try Self.writeVideo(path, count: 75)
        try video.close()

        let read = try MatroskaReader(path: path)
        #expect(read.frames.map(\.jpeg) == jpegs)
        #expect(read.frames.map(\.milliseconds) == (0..<75).map { UInt64($0) * 33 })
        if let probed = try await RecordingFixtures.ffprobeFrameCount(path) { #expect(probed == 75) }
    }

    @Test func aVideoCutShortReadsUpToItsLastFlushedCluster() async throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cut.mkv").path
        // 75 frames 33 ms apart: clusters of 31 frames (0...990 ms) reach the file at 1 s and 2 s; 13 stay in memory,
        // as when the writer is killed.
        let (video, _) = try Self.writeVideo(path, count: 75)
        #expect(video.flushedFrames == 62)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try MatroskaReader(path: path).frames.count == 62)
        if let probed = try await RecordingFixtures.ffprobeFrameCount(path) { #expect(probed == 62) }

        // A kill in the middle of writing a cluster: the partial cluster is skipped.
        try bytes.prefix(bytes.count - 5000).write(to: URL(fileURLWithPath: path))
        #expect(try MatroskaReader(path: path).frames.count == 31)
        withExtendedLifetime(video) {}
    }
}
