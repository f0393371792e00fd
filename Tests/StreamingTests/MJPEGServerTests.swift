import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TestSupport
import Testing
import WireFormat

@testable import Streaming

/// The server against real clients on 127.0.0.1: a raw HTTP client, ffprobe/ffmpeg, OpenCV's VideoCapture.
@Suite(.serialized) struct MJPEGServerTests {
    @Test func streamIsCscoreFormatted() async throws {
        try await withStreamingServer { server, port in
            let before = MonotonicClock.now()
            let response = try await TestClient.get("/?action=stream", port: port, parts: 5)
            let head = try #require(response.head)
            #expect(head.status == 200)
            #expect(head.header("Content-Type") == "multipart/x-mixed-replace;boundary=boundarydonotcross")
            #expect(head.statusLine.hasPrefix("HTTP/1.0 200"))
            #expect(head.header("Transfer-Encoding") == nil)
            var lastTimestamp: UInt64 = 0
            for part in response.parts {
                #expect(part.header("Content-Type") == "image/jpeg")
                #expect(Int(part.header("Content-Length") ?? "") == part.body.count)
                let timestamp = try #require(part.header("X-Timestamp").flatMap { MJPEGFormat.parseTimestamp(Substring($0)) })
                #expect(timestamp > lastTimestamp)
                #expect(timestamp >= before - 1_000_000_000 && timestamp <= part.receivedAt)
                lastTimestamp = timestamp
                #expect(part.body.prefix(2) == [0xFF, 0xD8])
                #expect(part.body.suffix(2) == [0xFF, 0xD9])
                #expect(try JPEGInspector.size(part.body) == (640, 480))
            }
            let alias = try await TestClient.get("/stream.mjpg", port: port, parts: 2)
            #expect(alias.parts.count >= 2)
        }
    }

    @Test func snapshotIsOneJPEG() async throws {
        try await withStreamingServer { server, port in
            let response = try await TestClient.get("/?action=snapshot", port: port)
            #expect(response.head?.status == 200)
            #expect(response.head?.header("Content-Type") == "image/jpeg")
            #expect(Int(response.head?.header("Content-Length") ?? "") == response.body.count)
            #expect(response.head?.header("X-Timestamp") != nil)
            #expect(try JPEGInspector.size(response.body) == (640, 480))
            // The snapshot client left: nobody holds a slot.
            try await eventually { server.hub.clientCount == 0 }
        }
    }

    @Test func snapshotWithoutCameraTimesOutWith503() async throws {
        var configuration = MJPEGServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.snapshotTimeoutSeconds = 0.5
        try await withStreamingServer(configuration: configuration, produce: false) { server, port in
            let response = try await TestClient.get("/?action=snapshot", port: port)
            #expect(response.head?.status == 503)
            #expect(server.hub.clientCount == 0)
        }
    }

    @Test(.enabled(if: Project.tool("ffmpeg") != nil && Project.tool("ffprobe") != nil, "needs ffmpeg and ffprobe"))
    func ffprobeAndFFmpegReadTheStream() async throws {
        try await withStreamingServer { _, port in
            for target in ["/?action=stream", "/stream.mjpg"] {
                let url = "http://127.0.0.1:\(port)\(target)"
                let probe = try await ChildProcess.run(
                    "ffprobe",
                    ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height",
                     "-of", "csv=p=0", url], mergeErrors: false, timeout: .seconds(30))
                #expect(probe.status == 0, "ffprobe: \(probe.errorOutput)")
                #expect(probe.output.trimmingCharacters(in: .whitespacesAndNewlines) == "mjpeg,640,480")
                let decode = try await ChildProcess.run(
                    "ffmpeg", ["-v", "error", "-i", url, "-frames:v", "15", "-f", "null", "-"], mergeErrors: false,
                    timeout: .seconds(30))
                #expect(decode.status == 0, "ffmpeg: \(decode.errorOutput)")
                #expect(decode.errorOutput.isEmpty, "ffmpeg reported: \(decode.errorOutput)")
            }
        }
    }

    @Test(.enabled(if: Python.isAvailable(["cv2"], for: "the OpenCV VideoCapture test"), "needs python3 with cv2"))
    func openCVVideoCaptureReadsTheStream() async throws {
        try await withStreamingServer { _, port in
            let script = """
                import cv2, sys
                cap = cv2.VideoCapture("http://127.0.0.1:\(port)/stream.mjpg")
                sizes = []
                for _ in range(10):
                    ok, frame = cap.read()
                    if not ok: sys.exit("read failed")
                    sizes.append(frame.shape)
                print(len(sizes), sizes[-1][1], sizes[-1][0])
                """
            let output = try await ChildProcess.run(
                "python3", ["-c", script], mergeErrors: false, timeout: .seconds(60)
            )
            #expect(output.status == 0, "\(output.errorOutput)")
            #expect(output.output.trimmingCharacters(in: .whitespacesAndNewlines) == "10 640 480")
        }
    }

    @Test func clientsPastTheCapGet503() async throws {
        var configuration = MJPEGServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.maxClients = 2
        try await withStreamingServer(configuration: configuration) { server, port in
            let first = try await TestClient.openWithoutReading(port: port, request: "GET /stream.mjpg HTTP/1.1\r\n\r\n")
            let second = try await TestClient.openWithoutReading(port: port, request: "GET /stream.mjpg HTTP/1.1\r\n\r\n")
            try await eventually { server.hub.clientCount == 2 }
            let third = try await TestClient.get("/stream.mjpg", port: port)
            #expect(third.head?.status == 503)
            #expect(server.hub.statistics().rejectedClients == 1)
            // A slot frees when a client leaves.
            try await first.close()
            try await eventually { server.hub.clientCount == 1 }
            let fourth = try await TestClient.get("/stream.mjpg", port: port, parts: 1)
            #expect(fourth.head?.status == 200)
            try await second.close()
        }
    }

    /// Raw requests and the status each must get.
    static let badRequests: [(String, [UInt8], Int)] = [
        ("garbage", Array("HELLO THERE\r\n\r\n".utf8), 400),
        ("binary", [0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, 0x00, 0xA1, 0x03, 0x03, 0x0D, 0x0A, 0x0D, 0x0A], 400),
        ("bad method", Array("POST /stream.mjpg HTTP/1.1\r\nContent-Length: 0\r\n\r\n".utf8), 405),
        ("unknown path", Array("GET /admin HTTP/1.1\r\n\r\n".utf8), 404),
        ("bad query", Array("GET /stream.mjpg?resolution=big HTTP/1.1\r\n\r\n".utf8), 400),
        ("bad fps", Array("GET /?action=stream&fps=-1 HTTP/1.1\r\n\r\n".utf8), 400),
        ("long URI", Array("GET /stream.mjpg?\(String(repeating: "a", count: 3000)) HTTP/1.1\r\n\r\n".utf8), 414),
        ("huge header", Array("GET /stream.mjpg HTTP/1.1\r\nX-Big: \(String(repeating: "b", count: 20000))\r\n\r\n".utf8), 431),
        ("many headers", Array(("GET /stream.mjpg HTTP/1.1\r\n" + (0..<200).map { "X-\($0): 1\r\n" }.joined() + "\r\n").utf8), 431),
        ("huge body", Array("GET /stream.mjpg HTTP/1.1\r\nContent-Length: 5000\r\n\r\n\(String(repeating: "c", count: 5000))".utf8), 413),
        ("bad version", Array("GET /stream.mjpg HTTP/9.9\r\n\r\n".utf8), 400),
    ]

    @Test func malformedAndOversizedRequestsGetAnErrorAndChangeNothing() async throws {
        var configuration = MJPEGServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.requestTimeoutSeconds = 1
        try await withStreamingServer(configuration: configuration) { server, port in
            let watcher = try await TestClient.openWithoutReading(port: port, request: "GET /stream.mjpg HTTP/1.1\r\n\r\n")
            try await eventually { server.hub.clientCount == 1 }
            let before = server.hub.statistics()
            for (name, request, status) in Self.badRequests {
                let response = try await TestClient.exchange(port: port, request: request, timeout: .seconds(5))
                #expect(response.head?.status == status, "\(name): got \(response.head?.statusLine ?? "no response")")
                #expect(response.parts.isEmpty, "\(name) must not stream")
            }
            // A client that never finishes its request is answered 408 and dropped.
            let slow = try await TestClient.exchange(port: port, request: Array("GET /stream.mjpg HTT".utf8), timeout: .seconds(5))
            #expect(slow.head?.status == 408)
            let after = server.hub.statistics()
            #expect(after.clients == 1)
            #expect(after.rejectedClients == before.rejectedClients)
            #expect(after.settings == before.settings)
            try await eventually { server.connectionCount == 1 }
            // The stream still works.
            let good = try await TestClient.get("/?action=stream", port: port, parts: 3)
            #expect(good.parts.count >= 3)
            try await watcher.close()
        }
    }

    @Test func headRequestGetsHeadersOnly() async throws {
        try await withStreamingServer { server, port in
            let response = try await TestClient.exchange(
                port: port, request: Array("HEAD /stream.mjpg HTTP/1.1\r\n\r\n".utf8), timeout: .seconds(5))
            #expect(response.head?.status == 200)
            #expect(response.parts.isEmpty)
            try await eventually { server.hub.clientCount == 0 }
        }
    }

    @Test func resolutionParameterIsHonoured() async throws {
        try await withStreamingServer { _, port in
            let response = try await TestClient.get("/?action=stream&resolution=320x240", port: port, parts: 3)
            for part in response.parts { #expect(try JPEGInspector.size(part.body) == (320, 240)) }
            let odd = try await TestClient.get("/stream.mjpg?resolution=160x90", port: port, parts: 2)
            for part in odd.parts { #expect(try JPEGInspector.size(part.body) == (160, 90)) }
        }
    }

    @Test func compressionParameterIsHonoured() async throws {
        try await withStreamingServer { _, port in
            async let low = TestClient.get("/?action=stream&compression=20", port: port, parts: 4)
            async let normal = TestClient.get("/?action=stream", port: port, parts: 4)
            let (lowParts, normalParts) = try await (low.parts, normal.parts)
            for part in lowParts {
                #expect(JPEGInspector.firstQuantValue(part.body) == JPEGInspector.expectedQuantValue(quality: 20))
            }
            for part in normalParts {
                #expect(JPEGInspector.firstQuantValue(part.body) == JPEGInspector.expectedQuantValue(quality: 80))
            }
            let lowAverage = lowParts.map(\.body.count).reduce(0, +) / lowParts.count
            let normalAverage = normalParts.map(\.body.count).reduce(0, +) / normalParts.count
            #expect(lowAverage < normalAverage)
        }
    }

    @Test func fpsParameterIsHonoured() async throws {
        try await withStreamingServer(fps: 30) { _, port in
            async let limited = TestClient.collect(
                port: port, request: "GET /?action=stream&fps=5 HTTP/1.1\r\n\r\n", for: .seconds(3))
            async let full = TestClient.collect(port: port, request: "GET /?action=stream HTTP/1.1\r\n\r\n", for: .seconds(3))
            let limitedParts = try await limited.parts
            let fullParts = try await full.parts
            #expect((11...18).contains(limitedParts.count), "fps=5 over 3 s gave \(limitedParts.count) frames")
            #expect(fullParts.count >= 70, "30 fps over 3 s gave \(fullParts.count) frames")
        }
    }

    @Test func vanishedClientCostsNothing() async throws {
        try await withStreamingServer { server, port in
            for _ in 0..<5 {
                _ = try await TestClient.get("/stream.mjpg", port: port, parts: 1)
            }
            try await eventually { server.hub.clientCount == 0 && server.connectionCount == 0 }
            // With no clients the producer's frames are not encoded.
            try await eventually(timeout: .seconds(5), "no frames encoded once the clients left") {
                server.hub.statistics().framesPublishedPerSecond == 0
            }
            #expect(server.hub.statistics().framesOfferedPerSecond > 20)
        }
    }

    @Test func gracefulShutdownThroughServiceGroup() async throws {
        let hub = FrameHub(name: "Lifecycle", maxClients: 2, settings: StreamSettings(quality: 80, framesPerSecond: 30, scale: 1))
        let server = MJPEGServer(hub: hub, configuration: MJPEGServerConfiguration(host: "127.0.0.1", port: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            let serviceGroup = ServiceGroup(
                configuration: .init(services: [.init(service: server)], logger: .init(label: "test")))
            group.addTask { try await serviceGroup.run() }
            try await eventually { server.localPort != nil }
            let port = try #require(server.localPort)
            let client = try await TestClient.openWithoutReading(port: port, request: "GET /stream.mjpg HTTP/1.1\r\n\r\n")
            try await eventually { hub.clientCount == 1 }
            await serviceGroup.triggerGracefulShutdown()
            try await group.next()
            #expect(server.localPort == nil)
            try await client.closeFuture.get()  // the server closed the client's connection
            await #expect(throws: (any Error).self) {
                _ = try await TestClient.get("/", port: port, timeout: .seconds(2))
            }
        }
    }
}

