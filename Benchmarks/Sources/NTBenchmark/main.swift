// nt-benchmark: publishes synthetic targeting results through NT4Client + TargetingTablePublisher at a fixed
// rate and prints, per result, the CLOCK_MONOTONIC time it was produced. scripts/bench-nt.sh joins these with a
// pyntcore subscriber's receive times to get the end-to-end latency.
//
// Usage: nt-benchmark --port P [--host 127.0.0.1] [--root /bench] [--camera swift] [--count 1000] [--rate 100] [--first 0]
import Foundation
import Logging
import NetworkTables
import WireFormat

struct Options {
    var host = "127.0.0.1"
    var port = 5810
    var root = "/bench"
    var camera = "swift"
    var count = 1_000
    var rate = 100.0
    var first = 0

    init(arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw UsageError("missing value after \(flag)") }
            switch flag {
            case "--host": self.host = value
            case "--port": self.port = try Self.number(value, flag)
            case "--root": self.root = value
            case "--camera": self.camera = value
            case "--count": self.count = try Self.number(value, flag)
            case "--rate": self.rate = Double(try Self.number(value, flag))
            case "--first": self.first = try Self.number(value, flag)
            default: throw UsageError("unknown option \(flag)")
            }
        }
        guard self.count > 0, self.rate > 0 else { throw UsageError("--count and --rate must be positive") }
    }

    static func number(_ text: String, _ flag: String) throws -> Int {
        guard let value = Int(text) else { throw UsageError("\(flag) needs an integer, got \(text)") }
        return value
    }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func runBenchmark(_ options: Options) async throws {
    var logger = Logger(label: "nt-benchmark")
    logger.logLevel = .warning
    let client = NT4Client(
        configuration: NT4ClientConfiguration(serverHost: options.host, port: options.port, clientName: "nt-benchmark"),
        logger: logger
    )
    let publisher = try TargetingTablePublisher(
        client: client,
        cameraName: options.camera,
        configuration: TargetingTableConfiguration(rootTable: options.root)
    )
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        defer { group.cancelAll() }
        guard await client.waitUntilConnected(timeout: .seconds(10)) else {
            throw UsageError("could not connect to NT4 server \(options.host):\(options.port)")
        }
        try await Task.sleep(for: .milliseconds(500))  // let the announcements settle, as the Python side does
        let period = 1.0 / options.rate
        let clock = ContinuousClock()
        let start = clock.now
        for index in options.first..<(options.first + options.count) {
            let target = start.advanced(by: .seconds(Double(index - options.first) * period))
            if target > clock.now { try await Task.sleep(until: target, clock: clock) }
            let produced = MonotonicClock.now()
            let result = TargetingResult(
                captureTime: produced,
                pipelineLatencyMicroseconds: 2_000,
                frameNumber: UInt64(index),
                pipeline: .apriltag,
                targets: [
                    Target(
                        id: Int16(index % 30),
                        yawDegrees: Float(index % 100) * 0.5,
                        pitchDegrees: 1,
                        areaPercent: 2,
                        skewDegrees: 0,
                        distanceMeters: Float(index % 100) * 0.5,
                        corners: [
                            ImagePoint(x: 10, y: 20), ImagePoint(x: 30, y: 20), ImagePoint(x: 30, y: 40),
                            ImagePoint(x: 10, y: 40),
                        ]
                    )
                ]
            )
            try publisher.publish(result)
            FileHandle.standardOutput.write(Data("{\"frame\": \(index), \"mono_ns\": \(produced)}\n".utf8))
        }
        try await Task.sleep(for: .milliseconds(500))
    }
}

do {
    try await runBenchmark(try Options(arguments: Array(CommandLine.arguments.dropFirst())))
} catch {
    FileHandle.standardError.write(Data("nt-benchmark: \(error)\n".utf8))
    exit(1)
}
