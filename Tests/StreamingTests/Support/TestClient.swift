import TestSupport
import WireFormat
import NIOCore
import Synchronization
import NIOPosix

@testable import Streaming

/// One parsed HTTP response head.
struct ResponseHead {
    var statusLine: String
    var status: Int
    var headers: [(String, String)]

    func header(_ name: String) -> String? {
        self.headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// One multipart part of an MJPEG stream.
struct StreamPart {
    var headers: [(String, String)]
    var body: [UInt8]
    var bodySize: Int
    var receivedAt: UInt64

    func header(_ name: String) -> String? {
        self.headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// Parses an HTTP response and, for streams, cscore's multipart parts, from bytes fed in any chunking.
struct ResponseParser {
    private(set) var head: ResponseHead?
    private(set) var parts: [StreamPart] = []
    private(set) var body: [UInt8] = []
    private var buffer: [UInt8] = []
    private(set) var totalBytes = 0
    var multipart = true
    /// When false, parts keep only their size (``StreamPart/bodySize``), so many long-running test clients don't
    /// fill this process's memory.
    var keepBodies = true

    init(keepBodies: Bool = true) {
        self.keepBodies = keepBodies
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard haystack.count >= needle.count + start else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }

    private static func parseHeaders(_ lines: ArraySlice<Substring>) -> [(String, String)] {
        lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: " "))
        }
    }

    mutating func feed(_ bytes: [UInt8], at time: UInt64) throws {
        self.totalBytes += bytes.count
        self.buffer += bytes
        if self.head == nil {
            guard let end = Self.find(Array("\r\n\r\n".utf8), in: self.buffer) else { return }
            let text = String(decoding: self.buffer[..<end], as: UTF8.self)
            let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
            let statusParts = lines[0].split(separator: " ")
            guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw TestFailure("bad status line \(lines[0])") }
            self.head = ResponseHead(statusLine: String(lines[0]), status: status, headers: Self.parseHeaders(lines.dropFirst()))
            self.buffer.removeFirst(end + 4)
            self.multipart = self.head?.header("Content-Type")?.hasPrefix("multipart/") ?? false
        }
        guard self.multipart else {
            self.body += self.buffer
            self.buffer.removeAll()
            return
        }
        while true {
            let boundary = Array("--\(MJPEGFormat.boundary)\r\n".utf8)
            guard let start = Self.find(boundary, in: self.buffer),
                let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: self.buffer, from: start)
            else { return }
            let text = String(decoding: self.buffer[(start + boundary.count)..<headerEnd], as: UTF8.self)
            let headers = Self.parseHeaders(text.split(separator: "\r\n")[...])
            guard let lengthText = headers.first(where: { $0.0.lowercased() == "content-length" })?.1,
                let length = Int(lengthText)
            else { throw TestFailure("part without Content-Length: \(text)") }
            let bodyStart = headerEnd + 4
            guard self.buffer.count >= bodyStart + length else { return }
            let body = self.keepBodies ? Array(self.buffer[bodyStart..<bodyStart + length]) : []
            self.parts.append(StreamPart(headers: headers, body: body, bodySize: length, receivedAt: time))
            self.buffer.removeFirst(bodyStart + length)
        }
    }
}

extension Substring {
    func trimmingCharacters(in character: Character) -> String {
        String(self.drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}

/// A raw TCP HTTP client for tests: sends exact bytes and parses whatever comes back.
enum TestClient {
    /// Connects to 127.0.0.1:`port`, sends `request`, and reads until `done` says so, the server closes, or
    /// `timeout` passes. Returns the parser.
    static func exchange(
        port: Int,
        request: [UInt8],
        timeout: Duration = .seconds(10),
        done: @escaping @Sendable (ResponseParser) -> Bool = { _ in false }
    ) async throws -> ResponseParser {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await withDeadline(timeout) {
            try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(bytes: request))
                var parser = ResponseParser()
                for try await chunk in inbound {
                    try parser.feed(Array(chunk.readableBytesView), at: MonotonicClock.now())
                    if done(parser) { break }
                }
                return parser
            }
        }
    }

    /// Reads for `duration` and returns what arrived by then.
    static func collect(port: Int, request: String, for duration: Duration, keepBodies: Bool = true) async throws
        -> ResponseParser
    {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        // Closing the channel after `duration` ends the read loop.
        let underlying = channel.channel
        let timer = underlying.eventLoop.scheduleTask(in: .nanoseconds(Int64(duration.components.seconds) * 1_000_000_000
            + Int64(duration.components.attoseconds / 1_000_000_000))) {
            underlying.close(promise: nil)
        }
        defer { timer.cancel() }
        var parser = ResponseParser(keepBodies: keepBodies)
        do {
            try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: request))
                for try await chunk in inbound {
                    try parser.feed(Array(chunk.readableBytesView), at: MonotonicClock.now())
                }
            }
        } catch let error as ChannelError where error == .alreadyClosed || error == .ioOnClosedChannel {
            // Closed by the timer.
        }
        return parser
    }

    static func get(_ target: String, port: Int, parts: Int = 0, timeout: Duration = .seconds(10)) async throws
        -> ResponseParser
    {
        try await self.exchange(
            port: port, request: Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8), timeout: timeout
        ) { parser in
            parts > 0 && parser.parts.count >= parts
        }
    }

    /// Opens a connection, sends `request`, and keeps the channel open without reading (a client that stopped).
    static func openWithoutReading(port: Int, request: String) async throws -> any Channel {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: false)
            .channelOption(.socketOption(.so_rcvbuf), value: 4096)
            .connect(host: "127.0.0.1", port: port).get()
        try await channel.writeAndFlush(ByteBuffer(string: request))
        return channel
    }
}

/// Runs `body`, failing with a ``TestFailure`` if it takes longer than `timeout`.
func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw TestFailure("timed out after \(timeout)")
        }
        return value
    }
}
