import ArgumentParser
import Bus
import Foundation
import Logging
import WireFormat

/// The message every role sends: a found target with four corners, the size of a real result.
let sampleResult = TargetingResult(
    captureTime: 0,
    pipelineLatencyMicroseconds: 4000,
    frameNumber: 1,
    pipeline: .reflective2019,
    imageWidth: 320,
    imageHeight: 240,
    targets: [
        Target(
            yawDegrees: 3.25, pitchDegrees: -1.5, areaPercent: 2.5, skewDegrees: 12, distanceMeters: 1.5,
            offsetPixels: 20,
            corners: [ImagePoint(x: 10, y: 20), ImagePoint(x: 30, y: 20), ImagePoint(x: 30, y: 60), ImagePoint(x: 10, y: 60)]
        )
    ]
)

/// Sends `count` results as fast as the consumer takes them.
struct Produce: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(internal) Throughput producer.", shouldDisplay: false)
    @Argument var endpoint: String
    @Argument var count: Int

    func run() throws {
        // libzmq's default high-water mark, as the raw C peer has: this run measures the wrapper and the wire
        // format, not the services' smaller queue (100 results, for bounded memory).
        var options = MessageSender.Options()
        options.highWaterMark = 1000
        let sender = try MessageSender(name: "targeting", endpoints: Endpoints(connect: [self.endpoint]), options: options)
        var result = sampleResult
        let count = self.count  // read the argument once, not on every message
        for frame in 0..<count {
            result.frameNumber = UInt64(frame)
            try sender.send(.targetingResult(result), wait: true)
        }
        // Linger is 0: stay alive until the parent, having seen the consumer finish, ends this process.
        Thread.sleep(forTimeInterval: 120)
    }
}

/// Receives `count` results and prints messages per second (timed from the first message, as the raw C peer).
struct Consume: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(internal) Throughput consumer.", shouldDisplay: false)
    @Argument var endpoint: String
    @Argument var count: Int

    func run() throws {
        let receiver = try MessageReceiver(
            endpoints: Endpoints(bind: [self.endpoint]),
            mode: .queue(depth: 1000),
            logger: Logger(label: "bench")
        )
        emit("ready")
        guard try receiver.receive(timeoutMilliseconds: 30_000) != nil else { throw ExitCode.failure }
        let start = MonotonicClock.now()
        let count = self.count  // read the argument once, not on every message
        var received = 1
        while received < count, try receiver.receive(timeoutMilliseconds: 5000) != nil {
            received += 1
        }
        let seconds = Double(MonotonicClock.now() - start) / 1e9
        emit("msgs_per_s \(Double(received - 1) / seconds) received \(received) malformed \(receiver.counters.malformed)")
    }
}

/// Returns every message it receives, for round-trip timing.
struct Echo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(internal) Round-trip echo.", shouldDisplay: false)
    @Argument var pingEndpoint: String
    @Argument var pongEndpoint: String
    @Argument var count: Int

    func run() throws {
        let receiver = try MessageReceiver(
            endpoints: Endpoints(connect: [self.pingEndpoint]),
            mode: .queue(depth: 1000),
            logger: Logger(label: "bench")
        )
        let sender = try MessageSender(name: "echo", endpoints: Endpoints(connect: [self.pongEndpoint]))
        var echoed = 0
        while echoed < self.count, let message = try receiver.receive(timeoutMilliseconds: 10_000) {
            try sender.send(message.payload, wait: true)
            echoed += 1
        }
        Thread.sleep(forTimeInterval: 0.2)
    }
}

/// Writes a line to standard output unbuffered (it is a pipe to the parent, which waits for it).
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
