import Foundation
import NIOCore
import Synchronization
import TestSupport
import Testing
import WireFormat

@testable import Streaming

/// Slow, stopped and many clients: memory stays bounded and fast clients keep their frame rate.
@Suite(.serialized) struct MJPEGServerBackPressureTests {
    /// Resident set size of this process (server and clients run in it), bytes.
    /// - Throws: ``TestFailure`` when `/proc/self/status` has no readable `VmRSS` (the test cannot measure then).
    static func residentBytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kibibytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }), kibibytes > 0
        else { throw TestFailure("no VmRSS in /proc/self/status: cannot measure memory") }
        return kibibytes * 1024
    }

    @Test func stoppedAndManyClientsLeaveMemoryBounded() async throws {
        var configuration = MJPEGServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.maxClients = 30
        configuration.maxConnectionsPerAddress = 64  // all 24 clients come from 127.0.0.1
        configuration.stalledClientTimeoutSeconds = 2
        // Quality 95 makes big frames (about 100 kB), so unbounded queues would show quickly.
        let settings = StreamSettings(quality: 95, framesPerSecond: 30, scale: 1)
        try await withStreamingServer(configuration: configuration, settings: settings) { server, port in
            // Warm up so that allocator pools exist before the baseline.
            _ = try await TestClient.get("/stream.mjpg", port: port, parts: 10)
            let baseline = try Self.residentBytes()
            let stopped = try await (0..<3).asyncMap { _ in
                try await TestClient.openWithoutReading(port: port, request: "GET /stream.mjpg HTTP/1.1\r\n\r\n")
            }
            let peaks = Peaks()
            let readers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let parser = try await TestClient.collect(
                            port: port, request: "GET /?action=stream HTTP/1.1\r\n\r\n", for: .seconds(4), keepBodies: false)
                        let largest = parser.parts.map(\.bodySize).max() ?? 0
                        peaks.frame.withLock { $0 = max($0, largest) }
                        return parser.parts.count
                    }
                }
                group.addTask {
                    for _ in 0..<35 {
                        try await Task.sleep(for: .milliseconds(100))
                        let buffered = await server.bufferedBytes()
                        peaks.buffered.withLock { $0 = max($0, buffered) }
                        let published = server.hub.statistics().framesPublishedPerSecond
                        peaks.publishedRates.withLock { $0.append(published) }
                    }
                    return -1
                }
                var counts: [Int] = []
                for try await count in group where count >= 0 { counts.append(count) }
                return counts
            }
            let growth = try Self.residentBytes() - baseline
            let frame = peaks.frame.withLock { $0 }
            let buffered = peaks.buffered.withLock { $0 }
            print("frame \(frame) B, max NIO-buffered \(buffered) B, RSS growth \(growth / 1024) KiB, frames per reader \(readers)")
            #expect(frame > 40_000)
            // At most about one frame per connection waits in NIO, however long a client stalls.
            #expect(buffered <= 23 * (frame + 200))
            // 3 stopped clients at 30 fps for 4 s of 100 kB frames would queue over 36 MB if buffered.
            #expect(growth < 24 * 1024 * 1024, "RSS grew \(growth) bytes")
            // The 20 readers still get nearly every frame published meanwhile (4 s at 30 fps = 120 on an idle
            // machine; a busy one publishes fewer, and the readers are held to what was published).
            let rates = peaks.publishedRates.withLock { $0 }
            let published = 4 * rates.reduce(0, +) / Double(max(1, rates.count))
            #expect(readers.count == 20)
            #expect(published >= 40, "the producer published \(published) frames in 4 s")
            #expect(readers.allSatisfy { Double($0) >= 0.66 * published }, "frames per reader: \(readers), published \(published)")
            // Stopped clients are dropped after the stall timeout and give their slots back.
            try await eventually(timeout: .seconds(6)) { server.hub.clientCount == 0 }
            for channel in stopped { try? await channel.close() }
        }
    }

    @Test func slowClientGetsFewerButNewestFrames() async throws {
        var configuration = MJPEGServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.socketSendBufferBytes = 32768
        try await withStreamingServer(configuration: configuration) { server, port in
            // A client that takes at most 10 kB every 50 ms (200 kB/s, a few of these frames per second).
            let channel = try await TestClient.openWithoutReading(port: port, request: "GET /stream.mjpg HTTP/1.1\r\n\r\n")
            try await channel.setOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 10_000)).get()
            let handler = ManualReader()
            try await channel.pipeline.addHandler(handler)
            for _ in 0..<60 {
                try await Task.sleep(for: .milliseconds(50))
                channel.read()
            }
            let parts = handler.parts
            try await channel.close()
            print("slow client: \(parts.count) frames in 3 s")
            #expect(parts.count >= 4)
            #expect(parts.count < 45, "a slow reader must skip frames, got \(parts.count) in 3 s")
            // The frames it gets are recent, not a backlog.
            let last = try #require(parts.last)
            let stamp = try #require(last.header("X-Timestamp").flatMap { MJPEGFormat.parseTimestamp(Substring($0)) })
            #expect(last.receivedAt - stamp < 1_000_000_000, "last frame was \(Double(last.receivedAt - stamp) / 1e9) s old")
            _ = server
        }
    }
}

/// Largest values seen by concurrent tasks.
final class Peaks: Sendable {
    let frame = Mutex(0)
    let buffered = Mutex(0)
    let publishedRates = Mutex<[Double]>([])
}

/// Feeds whatever one `read()` delivers into a parser.
final class ManualReader: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let parser = Mutex(ResponseParser())
    var parts: [StreamPart] { self.parser.withLock { $0.parts } }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = Self.unwrapInboundIn(data)
        try? self.parser.withLock { try $0.feed(Array(buffer.readableBytesView), at: MonotonicClock.now()) }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

