import Bus
import Foundation
import Logging
import Synchronization
import WireFormat

/// What `results.tap_endpoint` costs targeting per result: the PUSH send alone (mirror off), then with the mirror
/// on and no subscriber, then with one subscriber reading. Nanoseconds per result over ABAB rounds, or with
/// `--only off|idle|tapped --count N` a single configuration (for `valgrind --tool=callgrind`: instruction counts of
/// two configurations differ by the mirror's cost times N).
@main
struct MirrorBench {
    enum Configuration: String, CaseIterable { case off, idle, tapped }

    static func sample(_ frame: Int) -> BusMessage.Payload {
        .targetingResult(
            TargetingResult(
                captureTime: 0, pipelineLatencyMicroseconds: 4000, frameNumber: UInt64(frame), pipeline: .reflective2019,
                imageWidth: 320, imageHeight: 240,
                targets: [
                    Target(
                        yawDegrees: 3.25, pitchDegrees: -1.5, areaPercent: 2.5, skewDegrees: 12, distanceMeters: 1.5,
                        offsetPixels: 20,
                        corners: (0..<8).map { ImagePoint(x: Float(10 + $0), y: Float(20 + $0)) }
                    )
                ]
            )
        )
    }

    /// Drains a socket on its own thread until stopped.
    final class Drain: Sendable {
        let stopping = Atomic<Bool>(false)
        let received = Atomic<Int>(0)
        let finished = Mutex<Bool>(false)
    }

    static func main() throws {
        let arguments = CommandLine.arguments
        let count = arguments.firstIndex(of: "--count").flatMap { Int(arguments[$0 + 1]) } ?? 100_000
        let only = arguments.firstIndex(of: "--only").flatMap { Configuration(rawValue: arguments[$0 + 1]) }
        let rounds = only == nil ? 3 : 1
        var results: [Configuration: [Double]] = [:]
        for _ in 0..<rounds {
            for configuration in only.map({ [$0] }) ?? Configuration.allCases {
                results[configuration, default: []].append(try Self.measure(configuration, count: count))
            }
        }
        print("per-result send cost, ns (median of \(rounds) rounds of \(count) results; libzmq \(ZMQContext.libraryVersion)):")
        for configuration in Configuration.allCases {
            guard let values = results[configuration]?.sorted() else { continue }
            print("  \(configuration.rawValue): \(String(format: "%.0f", values[values.count / 2]))  (rounds: \(values.map { String(format: "%.0f", $0) }.joined(separator: " ")))")
        }
    }

    static func measure(_ configuration: Configuration, count: Int) throws -> Double {
        let logger = Logger(label: "bench")
        // The queue's consumer, as camstreamer: bound, drained on its own thread.
        let receiver = try MessageReceiver(endpoints: Endpoints(bind: ["tcp://127.0.0.1:*"]), mode: .latest, logger: logger)
        let endpoint = receiver.boundEndpoint
        var options = MessageSender.Options()
        options.highWaterMark = 100
        let sender = try MessageSender(name: "targeting", endpoints: Endpoints(connect: [endpoint]), options: options)
        let mirror = configuration == .off ? nil : try MessageMirror(name: "targeting", endpoint: "tcp://127.0.0.1:*")
        let queueDrain = Drain()
        nonisolated(unsafe) let ownedReceiver = receiver
        let queueThread = Thread {
            while !queueDrain.stopping.load(ordering: .relaxed) {
                if (try? ownedReceiver.receive(timeoutMilliseconds: 20, { _ in () })) != nil { queueDrain.received.add(1, ordering: .relaxed) }
            }
            queueDrain.finished.withLock { $0 = true }
        }
        queueThread.start()
        let tapDrain = Drain()
        if configuration == .tapped, let mirror {
            let tap = try MessageTap(endpoint: mirror.boundEndpoint)
            nonisolated(unsafe) let ownedTap = tap
            let tapThread = Thread {
                while !tapDrain.stopping.load(ordering: .relaxed) {
                    if (try? ownedTap.receive(timeoutMilliseconds: 20)) != nil { tapDrain.received.add(1, ordering: .relaxed) }
                }
                tapDrain.finished.withLock { $0 = true }
            }
            tapThread.start()
        } else {
            tapDrain.finished.withLock { $0 = true }
        }
        // Connections up: send until the consumer (and the tap) got something.
        for frame in 0..<10_000 {
            try sender.send(Self.sample(frame))
            try mirror?.send(Self.sample(frame))
            if queueDrain.received.load(ordering: .relaxed) > 0, configuration != .tapped || tapDrain.received.load(ordering: .relaxed) > 0 { break }
            usleep(1000)
        }
        let payloads = (0..<1000).map { Self.sample($0) }
        let start = DispatchTime.now().uptimeNanoseconds
        for index in 0..<count {
            let payload = payloads[index % payloads.count]
            try sender.send(payload)
            try mirror?.send(payload)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
        queueDrain.stopping.store(true, ordering: .relaxed)
        tapDrain.stopping.store(true, ordering: .relaxed)
        while !(queueDrain.finished.withLock { $0 } && tapDrain.finished.withLock { $0 }) { usleep(1000) }
        return elapsed / Double(count)
    }
}
