import Foundation
import Synchronization
import ServiceRuntime
import TestSupport
import Testing
import Vision

/// Frame sources: image folders (a JPEG's bytes passed on with its frame), synthetic renders, back-off on missing sources, and recovery of sources that fail
/// mid-stream (a truncated video file; an HTTP MJPEG server that is killed and restarted).
@Suite("Frame sources")
struct FrameSourceTests {
    @Test func imageFolderDeliversEveryImageThenFinishes() throws {
        let dir = try TemporaryDirectory.make("vision-tests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let frame = try Frame(width: 64, height: 48)
        for (index, color) in [Color.red, .green, .blue].enumerated() {
            try frame.fill(color)
            try frame.save(dir.appendingPathComponent("img\(index).png").path)
        }
        try "not an image".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let source = FrameSource(configuration: .images(dir.path, loop: false))
        var paths: [String] = []
        for _ in 0..<10 {
            switch source.read(into: frame) {
            case .frame(let info): paths.append((info.path! as NSString).lastPathComponent)
            case .noFrame(let reason): Issue.record("unexpected no frame: \(reason)")
            case .finished: break
            }
        }
        #expect(paths == ["img0.png", "img1.png", "img2.png"])
        #expect(source.read(into: frame) == .finished)
        // A glob picks the same files.
        let globbed = FrameSource(configuration: .images(dir.path + "/img*.png", loop: true))
        for _ in 0..<3 { if case .frame = globbed.read(into: frame) {} else { Issue.record("glob gave no frame") } }
    }

    @Test func aJPEGFileComesWithItsBytesAndACorruptOneIsSkipped() throws {
        let dir = try TemporaryDirectory.make("vision-tests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let frame = try Frame(width: 64, height: 48)
        try frame.fill(.green)
        try frame.save(dir.appendingPathComponent("a.jpg").path)
        try frame.save(dir.appendingPathComponent("c.png").path)
        let jpeg = try Data(contentsOf: dir.appendingPathComponent("a.jpg"))
        // A JPEG start marker, then garbage: OpenCV cannot decode it.
        try Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x5A, count: 200))
            .write(to: dir.appendingPathComponent("b.jpg"))
        let source = FrameSource(configuration: .images(dir.path, loop: false))

        guard case .frame(let first) = source.read(into: frame) else { Issue.record("no frame from a.jpg"); return }
        #expect(first.sourceJPEG == [UInt8](jpeg), "the file's bytes, unchanged")
        // The frame's pixels are those bytes decoded, as a replay decodes them.
        let decoded = try Frame()
        try jpeg.withUnsafeBytes { try decoded.decode($0) }
        #expect(Self.pixels(of: frame) == Self.pixels(of: decoded))

        guard case .noFrame(let reason) = source.read(into: frame) else { Issue.record("b.jpg delivered"); return }
        #expect(reason.contains("b.jpg"))
        guard case .frame(let third) = source.read(into: frame) else { Issue.record("no frame from c.png"); return }
        #expect(third.path?.hasSuffix("c.png") == true && third.sourceJPEG == nil, "a PNG has no JPEG to pass on")
        #expect(source.read(into: frame) == .finished)
    }

    static func pixels(of frame: Frame) -> [UInt8] {
        frame.withUnsafeMutableBytes { [UInt8]($0) }
    }

    @Test func syntheticSourceCyclesItsPoses() throws {
        let poses = [SyntheticTargetPose(distanceMeters: 1), SyntheticTargetPose(distanceMeters: 2, yawDegrees: 5)]
        let source = FrameSource(
            configuration: .synthetic(SyntheticSourceSettings(calibration: TestData.lifecam480p, poses: poses))
        )
        let pipeline = try Reflective2019Pipeline(calibration: TestData.lifecam480p)
        let frame = try Frame()
        for expected in poses + poses {
            guard case .frame(let info) = source.read(into: frame) else {
                Issue.record("no synthetic frame")
                return
            }
            #expect(info.syntheticPose == expected && info.width == 640 && info.height == 480)
            let target = try pipeline.process(frame)
            #expect(target.found && abs(target.distanceMeters - expected.distanceMeters) < 0.02 * expected.distanceMeters)
        }
    }

    @Test func missingSourceBacksOffAndNeverBlocksLong() throws {
        let source = FrameSource(
            configuration: FrameSourceConfiguration(
                kind: .videoFile, location: "/nonexistent/video.avi",
                reconnect: ReconnectPolicy(initialDelay: 0.05, maxDelay: 0.2)
            )
        )
        source.maxBlockSeconds = 0.05
        let frame = try Frame()
        let start = Date()
        for _ in 0..<10 {
            guard case .noFrame = source.read(into: frame) else {
                Issue.record("a missing file delivered something")
                return
            }
        }
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(source.consecutiveFailures >= 2)
        #expect(source.lastError?.contains("does not exist") == true)
        #expect(ReconnectPolicy(initialDelay: 0.25, maxDelay: 4).delay(afterFailures: 1) == 0.25)
        #expect(ReconnectPolicy(initialDelay: 0.25, maxDelay: 4).delay(afterFailures: 3) == 1)
        #expect(ReconnectPolicy(initialDelay: 0.25, maxDelay: 4).delay(afterFailures: 30) == 4)
    }

    @Test func missingUSBCameraIsReportedAndRetried() throws {
        let source = FrameSource(
            configuration: FrameSourceConfiguration(
                kind: .usb, location: "/dev/video-does-not-exist", width: 320, height: 240, fps: 30, exposure: 10,
                reconnect: ReconnectPolicy(initialDelay: 0.05, maxDelay: 0.1)
            )
        )
        source.maxBlockSeconds = 0.05
        let frame = try Frame()
        for _ in 0..<3 {
            guard case .noFrame = source.read(into: frame) else {
                Issue.record("a missing camera delivered something")
                return
            }
        }
        #expect(source.lastError?.contains("/dev/video-does-not-exist") == true)
        #expect(source.consecutiveFailures >= 1)
        #expect(FrameSourceConfiguration.parse("/dev/video0").kind == .usb)
        #expect(FrameSourceConfiguration.parse("http://10.0.0.2/mjpg/video.mjpg").kind == .ipCamera)
        #expect(FrameSourceConfiguration.parse("rtsp://cam/stream").kind == .ipCamera)
        #expect(FrameSourceConfiguration.parse("/tmp/*.jpg").kind == .images)
        #expect(FrameSourceConfiguration.parse("/tmp").kind == .images)
        #expect(FrameSourceConfiguration.parse("match.mp4").kind == .videoFile)
    }

    @Test func configurationDecodesWithDefaults() throws {
        let json = #"{"kind": "usb", "location": "/dev/v4l/by-path/pci-0000:00:14.0-usb-0:1:1.0-video-index0", "width": 320}"#
        let c = try ConfigDocument.decode(FrameSourceConfiguration.self, from: json, source: "test", defaults: .usb(""))
        #expect(c.kind == .usb && c.width == 320 && c.height == nil && c.mjpeg && !c.loop)
        let r = try ConfigDocument.decode(
            Reflective2019Configuration.self, from: #"{"valueRange": [190, 255]}"#, source: "test", defaults: .init()
        )
        #expect(r.valueRange == 190...255 && r.hueRange == Reflective2019Configuration().hueRange)
        let a = try ConfigDocument.decode(
            AprilTagConfiguration.self, from: "family: 16h5\nquad_sigma: 0.5", source: "test", defaults: .init()
        )
        #expect(a.family == .tag16h5 && a.quadSigma == 0.5 && a.quadDecimate == 2)
        // A key no setting reads is an error that names it, as in the services' config files.
        #expect {
            try ConfigDocument.decode(
                Reflective2019Configuration.self, from: #"{"valueRnage": [1, 2]}"#, source: "test", defaults: .init()
            )
        } throws: { error in
            if case .unknownKey(_, let path, _) = error as? ConfigError { path == "value_rnage" } else { false }
        }
    }

    @Test(.enabled(if: Project.tool("ffmpeg") != nil, "ffmpeg not installed"))
    func truncatedVideoFileRestartsAndKeepsDelivering() throws {
        let dir = try TemporaryDirectory.make("vision-tests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let video = dir.appendingPathComponent("clip.avi")
        let ffmpeg = try ChildProcess.runBlocking("ffmpeg", [
            "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=30", "-frames:v", "60",
            "-c:v", "mjpeg", "-q:v", "5", video.path,
        ])
        try #require(ffmpeg.status == 0, "ffmpeg: \(ffmpeg.output)")
        // Cut the file in the middle of a frame.
        let data = try Data(contentsOf: video)
        try data.prefix(data.count / 2 + 123).write(to: video)

        let source = FrameSource(configuration: .videoFile(video.path, loop: true, realTime: false))
        let frame = try Frame()
        var runs: [Int] = [0]
        var reasons: [String] = []
        for _ in 0..<200 {
            switch source.read(into: frame) {
            case .frame(let info):
                #expect(info.width == 160 && info.height == 120)
                runs[runs.count - 1] += 1
            case .noFrame(let reason):
                reasons.append(reason)
                if runs.last != 0 { runs.append(0) }
            case .finished:
                Issue.record("a looping source finished")
                return
            }
        }
        print("truncated video: frame runs \(runs.prefix(6)), first break: \(reasons.first ?? "-")")
        #expect(runs.count >= 3, "the source never restarted after the truncation")
        #expect(runs[0] > 0 && runs[0] < 60, "the first pass should stop early at the cut, got \(runs[0]) frames")
        #expect(runs[1] == runs[0], "frames resume from the start after the error")
        #expect(source.openCount >= 3)
    }

    @Test(.enabled(if: Project.tool("python3") != nil, "python3 not installed"))
    func httpMJPEGStreamKilledAndRestartedResumes() async throws {
        let dir = try TemporaryDirectory.make("vision-tests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let jpegPath = dir.appendingPathComponent("frame.jpg")
        let frame = try Frame()
        try frame.renderTarget2019(at: SyntheticTargetPose(distanceMeters: 1.5), calibration: TestData.lifecam480p)
        let encoder = try JPEGEncoder()
        var bytes: [UInt8] = []
        try encoder.encode(frame, quality: 80, into: &bytes)
        try Data(bytes).write(to: jpegPath)
        let script = dir.appendingPathComponent("mjpeg_server.py")
        try MJPEGServer.script.write(to: script, atomically: true, encoding: .utf8)

        let first = try await MJPEGServer(script: script.path, jpeg: jpegPath.path, port: 0)
        let port = first.port
        let stats = EventCounter()
        let worker = VisionWorker(
            name: "test-mjpeg",
            source: FrameSourceConfiguration(
                kind: .ipCamera, location: "http://127.0.0.1:\(port)/stream.mjpg", openTimeoutMilliseconds: 1500,
                readTimeoutMilliseconds: 1000, reconnect: ReconnectPolicy(initialDelay: 0.1, maxDelay: 0.5)
            ),
            makeHandler: {
                let pipeline = try Reflective2019Pipeline(calibration: TestData.lifecam480p)
                return { event in
                    switch event {
                    case .frame(let frame, _):
                        let found = (try? pipeline.process(frame).found) ?? false
                        stats.record(frame: true, found: found)
                    case .noFrame, .finished:
                        stats.record(frame: false, found: false)
                    }
                }
            }
        )
        worker.start()
        defer { worker.requestStop() }

        try await stats.waitUntil(timeout: 20) { $0.frames >= 10 }
        let beforeKill = stats.snapshot()
        #expect(beforeKill.found >= 5, "frames from the stream should contain the target")

        await first.stop()
        // Down through several failed reconnects (0.1, 0.2, 0.4 s apart), the worker keeps running.
        try await stats.waitUntil(timeout: 20) { $0.noFrames >= beforeKill.noFrames + 3 }
        let whileDown = stats.snapshot()
        #expect(!worker.isFinished, "the worker must keep running while the source is down")

        let second = try await MJPEGServer(script: script.path, jpeg: jpegPath.path, port: port)
        try await stats.waitUntil(timeout: 20) { $0.frames >= whileDown.frames + 10 }
        let after = stats.snapshot()
        print("mjpeg: before kill \(beforeKill), while down \(whileDown), after restart \(after)")
        #expect(after.frames >= whileDown.frames + 10)
        await worker.stop()
        #expect(worker.isFinished)
        await second.stop()
    }
}

/// Thread-safe event counts for a worker's handler.
final class EventCounter: Sendable {
    struct Counts: Sendable, CustomStringConvertible {
        var frames = 0
        var found = 0
        var noFrames = 0
        var description: String { "frames \(frames) (target in \(found)), no-frame events \(noFrames)" }
    }

    private let counts = Mutex(Counts())

    func record(frame: Bool, found: Bool) {
        self.counts.withLock { c in
            if frame { c.frames += 1 } else { c.noFrames += 1 }
            if found { c.found += 1 }
        }
    }

    func snapshot() -> Counts { self.counts.withLock { $0 } }

    /// Waits until the counts satisfy `condition`; throws ``TestFailure`` with the counts after `timeout` seconds.
    func waitUntil(timeout: Int, _ condition: (Counts) -> Bool) async throws {
        guard await TestSupport.waitUntil(timeout: .seconds(timeout), { condition(self.snapshot()) }) else {
            throw TestFailure("timed out waiting; counts: \(self.snapshot())")
        }
    }
}

/// A tiny MJPEG-over-HTTP server (Python, 127.0.0.1 only, exits by itself after 60 s).
final class MJPEGServer {
    static let script = #"""
import http.server, socketserver, sys, threading, time
port, jpeg = int(sys.argv[1]), open(sys.argv[2], 'rb').read()
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-Type', 'multipart/x-mixed-replace; boundary=frame')
        self.end_headers()
        try:
            for _ in range(1800):
                self.wfile.write(b'--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n' % len(jpeg))
                self.wfile.write(jpeg)
                self.wfile.write(b'\r\n')
                time.sleep(1 / 30)
        except (BrokenPipeError, ConnectionResetError):
            pass
    def log_message(self, *args):
        pass
class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    allow_reuse_address = True
    daemon_threads = True
server = Server(('127.0.0.1', port), Handler)
sys.stdout.write('PORT %d\n' % server.server_address[1]); sys.stdout.flush()
threading.Timer(60, server.shutdown).start()
server.serve_forever()
"""#

    let process: ChildProcess
    let port: Int

    /// Starts the server on `port` (0: any free port) and waits until it reports the port it listens on.
    init(script: String, jpeg: String, port: Int) async throws {
        self.process = try ChildProcess("python3", ["-u", script, String(port), jpeg], mergeErrors: false)
        let line = await self.process.waitForLine(timeout: .seconds(15)) { $0.hasPrefix("PORT ") }
        guard let value = line.flatMap({ Int($0.dropFirst("PORT ".count)) }) else {
            throw TestFailure(
                "the MJPEG test server did not report its port: \(self.process.output) \(self.process.errorOutput)"
            )
        }
        self.port = value
    }

    /// Kills the server and waits until it has exited (its port is free again).
    func stop() async {
        self.process.kill()
        _ = await self.process.waitForExit(timeout: .seconds(5))
    }
}
