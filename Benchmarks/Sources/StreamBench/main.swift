// stream-bench: serves synthetic-overlay camera streams through the Streaming module for a fixed time and reports
// CPU, encode time and traffic as one JSON line. scripts/bench-stream.sh drives it together with external clients
// and WPILib's cscore; see docs/streaming.md.

import ArgumentParser
import Foundation
import Logging
import NIOPosix
import Streaming
import Synchronization
import Vision
import WireFormat

/// Timing collected by the producer threads.
final class ProducerFigures: Sendable {
    private struct Totals {
        var frames = 0
        var drawNanoseconds: UInt64 = 0
        var drawCPUNanoseconds: UInt64 = 0
        var publishNanoseconds: UInt64 = 0
        var encodedVariants = 0
    }
    private let totals = Mutex(Totals())

    func add(drawNanoseconds: UInt64, drawCPUNanoseconds: UInt64, publishNanoseconds: UInt64, variants: Int) {
        self.totals.withLock {
            $0.frames += 1
            $0.drawNanoseconds += drawNanoseconds
            $0.drawCPUNanoseconds += drawCPUNanoseconds
            $0.publishNanoseconds += publishNanoseconds
            $0.encodedVariants += variants
        }
    }

    func reset() { self.totals.withLock { $0 = Totals() } }

    var snapshot: (frames: Int, drawMs: Double, encodeMs: Double, drawCPUSeconds: Double) {
        self.totals.withLock {
            guard $0.frames > 0 else { return (0, 0, 0, 0) }
            return ($0.frames, Double($0.drawNanoseconds) / 1e6 / Double($0.frames),
                Double($0.publishNanoseconds) / 1e6 / Double(max(1, $0.encodedVariants)),
                Double($0.drawCPUNanoseconds) / 1e9)
        }
    }
}

/// Writes one line to standard output at once (the driving script reads line by line).
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Set once to stop the producer threads.
final class StopFlag: Sendable {
    private let flag = Atomic(false)
    func stop() { self.flag.store(true, ordering: .relaxed) }
    var isStopped: Bool { self.flag.load(ordering: .relaxed) }
}

/// CPU time of the calling thread, nanoseconds.
func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Process CPU time (user + system), seconds.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
}

@main
struct StreamBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream-bench", abstract: "Serve benchmark MJPEG streams and report CPU and traffic as JSON.")

    @Option(help: "Number of streams (ports base-port, base-port+1, ...).") var streams = 1
    @Option(help: "Camera frames per second.") var fps = 30.0
    @Option(help: "JPEG quality when the budget is off; the budget's top quality when on.") var quality = 80
    @Option var width = 640
    @Option var height = 480
    @Option(help: "Image to stream (resized to width x height); default: a synthetic test card.") var image: String?
    @Option(help: "Seconds served before measuring.") var warmup = 3.0
    @Option(help: "Seconds measured.") var duration = 10.0
    @Option(help: "First port (0: pick free ports).") var basePort = 0
    @Option(help: "Bandwidth budget in Mbit/s; 0 turns the budget off.") var budgetMbps = 0.0
    @Option(help: "Client cap per stream.") var maxClients = 25
    @Flag(help: "Log at info level (budget adjustments, clients) to standard error.") var verbose = false

    func run() async throws {
        var logger = Logger(label: "stream-bench")
        logger.logLevel = self.verbose ? .info : .warning
        var configuration = StreamingConfiguration(
            host: "127.0.0.1", basePort: self.basePort, maxClientsPerStream: self.maxClients,
            streams: (0..<self.streams).map { StreamingConfiguration.Stream(name: "Cam\($0)") })
        configuration.budget = BandwidthBudgetConfiguration(
            enabled: self.budgetMbps > 0, bitsPerSecond: max(1, self.budgetMbps) * 1e6, maxQuality: self.quality,
            minQuality: min(30, self.quality), maxFramesPerSecond: self.fps, minFramesPerSecond: min(5, self.fps),
            adjustIntervalSeconds: 0.5)
        let service = try StreamingService(configuration: configuration, logger: logger)
        let figures = ProducerFigures()
        let stop = StopFlag()
        let threads = service.servers.map { server in
            let hub = server.hub
            let thread = Thread { [image, width, height, fps] in
                do {
                    try Self.produce(
                        hub: hub, image: image, width: width, height: height, fps: fps, figures: figures, stop: stop)
                } catch {
                    FileHandle.standardError.write(Data("producer failed: \(error)\n".utf8))
                }
            }
            thread.start()
            return thread
        }
        _ = threads
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            while service.servers.contains(where: { $0.localPort == nil }) { try await Task.sleep(for: .milliseconds(20)) }
            let ports = service.servers.compactMap(\.localPort)
            emit("READY {\"ports\":\(ports)}")
            try await Task.sleep(for: .seconds(self.warmup))
            let startStats = service.status().streams
            let startCPU = processCPUSeconds()
            figures.reset()
            let startTime = MonotonicClock.now()
            try await Task.sleep(for: .seconds(self.duration))
            let seconds = Double(MonotonicClock.now() - startTime) / 1e9
            let cpu = processCPUSeconds() - startCPU
            let status = service.status()
            stop.stop()
            let framesSent = zip(status.streams, startStats).reduce(0) { $0 + $1.0.totalFramesSent - $1.1.totalFramesSent }
            let bytesSent = zip(status.streams, startStats).reduce(0) { $0 + $1.0.totalBytesSent - $1.1.totalBytesSent }
            let published = zip(status.streams, startStats).reduce(0) { $0 + $1.0.totalFramesPublished - $1.1.totalFramesPublished }
            let producer = figures.snapshot
            let streamsJSON = status.streams.map {
                "{\"name\":\"\($0.name)\",\"clients\":\($0.clients),\"quality\":\($0.settings.quality),\"fps\":\($0.settings.framesPerSecond),\"scale\":\($0.settings.scale)}"
            }.joined(separator: ",")
            emit(
                "RESULT {\"seconds\":\(seconds),\"cpuSeconds\":\(cpu),\"framesPublished\":\(published),\"framesSent\":\(framesSent),"
                    + "\"bytesSent\":\(bytesSent),\"drawMsPerFrame\":\(producer.drawMs),\"encodeMsPerFrame\":\(producer.encodeMs),\"drawCpuSeconds\":\(producer.drawCPUSeconds),"
                    + "\"budgetBitsPerSecond\":\(configuration.budget.enabled ? configuration.budget.bitsPerSecond : 0),\"streams\":[\(streamsJSON)]}")
            group.cancelAll()
        }
    }

    /// A camera thread: copy the image, draw the overlay from a moving synthetic target, publish.
    static func produce(
        hub: FrameHub, image: String?, width: Int, height: Int, fps: Double, figures: ProducerFigures,
        stop: StopFlag
    ) throws {
        let base = try Frame(width: width, height: height)
        if let image {
            let loaded = try Frame(contentsOf: image)
            try loaded.resize(into: base, width: width, height: height)
        } else {
            try base.fill(.darkGray)
            for index in 0..<8 {
                let color: [Color] = [.white, .yellow, .cyan, .green, .magenta, .red, .blue, .gray]
                try base.fillRectangle(x: Double(index * width / 8), y: 0, width: Double(width / 8), height: Double(height * 2 / 3), color: color[index])
            }
            var y = height * 2 / 3
            while y < height {
                try base.drawLine(from: ImagePoint(x: 0, y: Float(y)), to: ImagePoint(x: Float(width), y: Float(y + 9)), color: .white)
                y += 3
            }
        }
        let frame = try Frame(width: width, height: height)
        let encoder = try VariantEncoder()
        let renderer = OverlayRenderer()
        let period = UInt64(1e9 / fps)
        var next = MonotonicClock.now()
        var number: UInt32 = 0
        while !stop.isStopped {
            let capture = MonotonicClock.now()
            if hub.wantsFrame(at: capture) {
                let drawStart = MonotonicClock.now()
                let drawCPUStart = threadCPUNanoseconds()
                try base.copy(into: frame)
                let phase = Float(number % 90) / 90
                let cx = Float(width) * (0.2 + 0.6 * phase)
                let cy = Float(height) * 0.45
                let result = TargetingResult(
                    captureTime: capture, frameNumber: UInt64(number), pipeline: .apriltag, imageWidth: UInt16(width),
                    imageHeight: UInt16(height),
                    targets: [
                        Target(
                            id: 1, yawDegrees: (phase - 0.5) * 30, distanceMeters: 2 + phase,
                            corners: [
                                ImagePoint(x: cx - 30, y: cy - 30), ImagePoint(x: cx + 30, y: cy - 30),
                                ImagePoint(x: cx + 30, y: cy + 30), ImagePoint(x: cx - 30, y: cy + 30),
                            ])
                    ])
                try renderer.draw(on: frame, snapshot: TargetingSnapshot(result: result, ageSeconds: 0.03, isStale: false))
                let drawCPU = threadCPUNanoseconds() - drawCPUStart
                let publishStart = MonotonicClock.now()
                let outcome = try hub.publish(frame: frame, captureTime: capture, encoder: encoder)
                let end = MonotonicClock.now()
                if case .published(let variants) = outcome {
                    figures.add(
                        drawNanoseconds: publishStart - drawStart, drawCPUNanoseconds: drawCPU, publishNanoseconds: end - publishStart, variants: variants)
                }
            }
            number &+= 1
            next += period
            let now = MonotonicClock.now()
            if next > now {
                usleep(UInt32((next - now) / 1000))
            } else {
                next = now
            }
        }
    }
}
