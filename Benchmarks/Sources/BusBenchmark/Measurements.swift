import ArgumentParser
import Bus
import Foundation
import Logging
import WireFormat

/// This project's figures, measured between processes the same way as the baselines.
enum Measurements {
    /// Messages per second from a producer process to a consumer process.
    /// - Parameter oneCore: both processes on CPU 0 (``Baselines/onOneCore(_:_:)``), or wherever the scheduler puts them.
    static func throughput(messages: Int, oneCore: Bool = false) throws -> Double {
        let endpoint = "tcp://127.0.0.1:15592"
        func start(_ role: String) throws -> (Process, FileHandle) {
            let arguments = [role, endpoint, String(messages)]
            return oneCore
                ? try ChildProcess.start("/usr/bin/env", Baselines.onOneCore(ChildProcess.selfPath, arguments))
                : try ChildProcess.start(ChildProcess.selfPath, arguments)
        }
        let (consumer, output) = try start("consume")
        guard ChildProcess.readLine(startingWith: "ready", from: output) != nil else {
            throw ValidationError("the consumer did not start")
        }
        let (producer, _) = try start("produce")
        defer { producer.terminate() }
        guard let line = ChildProcess.readLine(startingWith: "msgs_per_s", from: output),
            let rate = Baselines.number(after: "msgs_per_s ", in: line)
        else { throw ValidationError("the consumer reported nothing") }
        consumer.waitUntilExit()
        return rate
    }

    /// Round trips of one message to an echo process and back, in microseconds, the way the raw C peer times
    /// them: a PAIR socket each side, `count` round trips, no warm-up, each round trip timed on its own. Both
    /// ends go through the wire format (encode, send, receive, decode).
    static func roundTrips(_ count: Int) throws -> Percentiles {
        let endpoint = "tcp://127.0.0.1:15593"
        let socket = try ZMQSocket(.pair)
        try socket.setReceiveTimeout(milliseconds: 10_000)
        try socket.bind(endpoint)
        let (echo, _) = try ChildProcess.start(ChildProcess.selfPath, ["echo", endpoint, String(count)])
        defer { echo.terminate() }
        let payload = sampleMessage()
        let request = UnsafeMutableRawBufferPointer.allocate(byteCount: WireFormat.maxFrameSize, alignment: 8)
        defer { request.deallocate() }
        let answer = ZMQMessage()
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for sequence in 0..<count {
            let start = MonotonicClock.now()
            let length = WireFormat.encode(payload, sequence: UInt64(sequence), sender: "bench", into: request)
            try socket.send(UnsafeRawBufferPointer(rebasing: request[0..<length]), wait: true)
            guard try socket.receive(into: answer, wait: true) else {
                throw ValidationError("the echo process stopped answering")
            }
            _ = try MessageView(validating: answer.bytes)  // checked in full and read in place, as a receiver does
            samples.append(Double(MonotonicClock.now() - start) / 1000)
        }
        return Percentiles(samples)
    }

    /// The stop of a two-service stack, in milliseconds from the stop sent.
    struct StopTimes {
        /// Until every service acknowledged the stop.
        var acknowledged: Percentiles
        /// Until every service process exited.
        var allExited: Percentiles
    }

    /// Stops targeting and camstreamer (from `services`) with the control client `control stop` uses, `cycles`
    /// times: milliseconds from the stop sent until both acknowledged, and until both processes exited.
    static func stopCycles(_ cycles: Int, services: URL) throws -> StopTimes {
        let client = ControlClient(sender: "bench", options: .init(timeoutMilliseconds: 10_000))
        var acknowledged: [Double] = []
        var exited: [Double] = []
        for cycle in 0..<cycles {
            let targetingControl = "tcp://127.0.0.1:\(15600 + 2 * (cycle % 50))"
            let streamerControl = "tcp://127.0.0.1:\(15601 + 2 * (cycle % 50))"
            let results = "tcp://127.0.0.1:15599"
            let streamer = try Self.service(
                services, "camstreamer", control: streamerControl, resultsKey: "results.bind", results: results
            )
            let targeting = try Self.service(
                services, "targeting", control: targetingControl, resultsKey: "results.connect", results: results
            )
            let endpoints = [targetingControl, streamerControl]
            let readyBy = MonotonicClock.now() + 30_000_000_000
            while Self.status(client, endpoints).contains(where: { $0.reply == nil }) {
                guard MonotonicClock.now() < readyBy else {
                    throw ValidationError("cycle \(cycle): the services did not answer within 30 s")
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
            let start = MonotonicClock.now()
            let outcomes = client.request(.stop(StopRequest(stopID: UInt64(cycle + 1))), endpoints: endpoints)
            acknowledged.append(Double(MonotonicClock.now() - start) / 1e6)
            guard outcomes.allSatisfy({ $0.reply != nil }) else {
                throw ValidationError("cycle \(cycle): a service did not acknowledge the stop")
            }
            while targeting.isRunning || streamer.isRunning {
                usleep(200)
            }
            exited.append(Double(MonotonicClock.now() - start) / 1e6)
            guard targeting.terminationStatus == 0, streamer.terminationStatus == 0 else {
                throw ValidationError("cycle \(cycle): a service exited non-zero")
            }
        }
        return StopTimes(acknowledged: Percentiles(acknowledged), allExited: Percentiles(exited))
    }

    /// Milliseconds from `kill -9` of targeting, supervised by `control up` (both from `services`), to the first
    /// result its restarted process publishes, over `cycles` kills. The stack restarts after `restartDelay`
    /// seconds (a benchmark setting: `control up` waits 0.5 s by default, doubling after quick repeated crashes).
    static func restartAfterKill(_ cycles: Int, restartDelay: Double, services: URL) throws -> Percentiles {
        let results = "tcp://127.0.0.1:15598"
        let targetingControl = "tcp://127.0.0.1:15596"
        let receiver = try MessageReceiver(endpoints: Endpoints(bind: [results]), mode: .queue(depth: 1000), logger: Logger(label: "bench"))
        let stack = FileManager.default.temporaryDirectory.appendingPathComponent("bench-stack-\(getpid()).yml")
        defer { try? FileManager.default.removeItem(at: stack) }
        try """
            service:
              control: tcp://127.0.0.1:15597
              log_level: warning
            restarts:
              initial_delay_seconds: \(restartDelay)
              max_delay_seconds: \(restartDelay)
              crash_limit: \(cycles + 1)
            services:
              - name: targeting
                control: \(targetingControl)
                executable: \(services.appendingPathComponent("targeting").path)
                arguments: ["--control", "\(targetingControl)", "--set", 'results.connect=["\(results)"]', "--log-level", "warning"]
            """.write(to: stack, atomically: true, encoding: .utf8)
        let (supervisor, _) = try ChildProcess.start(
            services.appendingPathComponent("control").path, ["up", "--config", stack.path]
        )
        defer {
            supervisor.interrupt()
            supervisor.waitUntilExit()
        }
        let client = ControlClient(sender: "bench", options: .init(timeoutMilliseconds: 1000))
        var samples: [Double] = []
        for cycle in 0..<cycles {
            // The running process: its pid, and its results flowing (the sequence numbering of this process).
            guard let first = try receiver.receive(timeoutMilliseconds: 30_000, { $0.sequence }) else {
                throw ValidationError("cycle \(cycle): targeting published nothing within 30 s")
            }
            var lastSequence = first
            guard case .status(let status)? = Self.status(client, [targetingControl]).first?.reply?.payload else {
                throw ValidationError("cycle \(cycle): targeting did not answer its status")
            }
            while let sequence = try receiver.receive(timeoutMilliseconds: 0, { $0.sequence }) { lastSequence = sequence }
            let killedAt = MonotonicClock.now()
            kill(pid_t(status.processID), SIGKILL)
            // A restarted process numbers its results from 0 again; the killed one only went up.
            while true {
                guard let sequence = try receiver.receive(timeoutMilliseconds: 30_000, { $0.sequence }) else {
                    throw ValidationError("cycle \(cycle): no result within 30 s of the kill")
                }
                if sequence <= lastSequence { break }
                lastSequence = sequence
            }
            samples.append(Double(MonotonicClock.now() - killedAt) / 1e6)
        }
        return Percentiles(samples)
    }

    /// Asks `endpoints` for their status, blocking this thread (the benchmark runs on plain threads only).
    private static func status(_ client: ControlClient, _ endpoints: [String]) -> [ControlClient.Outcome] {
        client.request(.statusRequest(StatusRequest(requestID: .random(in: 1...UInt64.max))), endpoints: endpoints)
    }

    private static func service(
        _ services: URL,
        _ name: String,
        control: String,
        resultsKey: String,
        results: String
    ) throws -> Process {
        try ChildProcess.start(
            services.appendingPathComponent(name).path,
            ["--control", control, "--set", "\(resultsKey)=[\"\(results)\"]", "--log-level", "warning"]
        ).0
    }
}
