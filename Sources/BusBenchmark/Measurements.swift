import ArgumentParser
import Bus
import Foundation
import Logging
import WireFormat

/// This project's figures, measured between processes the same way as the baselines.
enum Measurements {
    /// Messages per second from a producer process to a consumer process.
    static func throughput(messages: Int) throws -> Double {
        let endpoint = "tcp://127.0.0.1:15592"
        let (consumer, output) = try ChildProcess.start(ChildProcess.selfPath, ["consume", endpoint, String(messages)])
        guard ChildProcess.readLine(startingWith: "ready", from: output) != nil else {
            throw ValidationError("the consumer did not start")
        }
        let (producer, _) = try ChildProcess.start(ChildProcess.selfPath, ["produce", endpoint, String(messages)])
        defer { producer.terminate() }
        guard let line = ChildProcess.readLine(startingWith: "msgs_per_s", from: output),
            let rate = Baselines.number(after: "msgs_per_s ", in: line)
        else { throw ValidationError("the consumer reported nothing") }
        consumer.waitUntilExit()
        return rate
    }

    /// Round trips of one result to an echo process and back, in microseconds.
    static func roundTrips(_ count: Int) throws -> Percentiles {
        let ping = "tcp://127.0.0.1:15593"
        let pong = "tcp://127.0.0.1:15594"
        let sender = try MessageSender(name: "bench", endpoints: Endpoints(bind: [ping]))
        let receiver = try MessageReceiver(endpoints: Endpoints(bind: [pong]), mode: .queue(depth: 1000), logger: Logger(label: "bench"))
        let warmup = 1000
        let (echo, _) = try ChildProcess.start(ChildProcess.selfPath, ["echo", ping, pong, String(count + warmup)])
        defer { echo.terminate() }
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for index in 0..<(count + warmup) {
            let start = MonotonicClock.now()
            try sender.send(.targetingResult(sampleResult), wait: true)
            guard try receiver.receive(timeoutMilliseconds: 10_000) != nil else {
                throw ValidationError("the echo process stopped answering")
            }
            if index >= warmup { samples.append(Double(MonotonicClock.now() - start) / 1000) }
        }
        return Percentiles(samples)
    }

    /// Milliseconds from starting `control stop` to both services having exited, over `cycles` runs.
    static func stopCycles(_ cycles: Int) async throws -> Percentiles {
        let client = ControlClient(sender: "bench", options: .init(timeoutMilliseconds: 10_000))
        var samples: [Double] = []
        for cycle in 0..<cycles {
            let targetingControl = "tcp://127.0.0.1:\(15600 + 2 * (cycle % 50))"
            let streamerControl = "tcp://127.0.0.1:\(15601 + 2 * (cycle % 50))"
            let results = "tcp://127.0.0.1:15599"
            let streamer = try Self.service("camstreamer", control: streamerControl, resultsKey: "results.bind", results: results)
            let targeting = try Self.service("targeting", control: targetingControl, resultsKey: "results.connect", results: results)
            let endpoints = [targetingControl, streamerControl]
            let readyBy = MonotonicClock.now() + 30_000_000_000
            while await client.status(endpoints).contains(where: { $0.reply == nil }) {
                guard MonotonicClock.now() < readyBy else {
                    throw ValidationError("cycle \(cycle): the services did not answer within 30 s")
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            let start = MonotonicClock.now()
            let stop = try ChildProcess.start(
                ChildProcess.binaries.appendingPathComponent("control").path,
                ["stop", "--endpoint", targetingControl, "--endpoint", streamerControl]
            ).0
            while targeting.isRunning || streamer.isRunning || stop.isRunning {
                try await Task.sleep(for: .microseconds(200))
            }
            samples.append(Double(MonotonicClock.now() - start) / 1e6)
            guard targeting.terminationStatus == 0, streamer.terminationStatus == 0, stop.terminationStatus == 0 else {
                throw ValidationError("cycle \(cycle): a service or control stop exited non-zero")
            }
        }
        return Percentiles(samples)
    }

    /// Milliseconds from `kill -9` of targeting, supervised by `control up`, to the first result its restarted
    /// process publishes, over `cycles` kills. The stack restarts after `restartDelay` seconds (a benchmark
    /// setting: `control up` waits 0.5 s by default, doubling after quick repeated crashes).
    static func restartAfterKill(_ cycles: Int, restartDelay: Double) async throws -> Percentiles {
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
                executable: \(ChildProcess.binaries.appendingPathComponent("targeting").path)
                arguments: ["--control", "\(targetingControl)", "--set", 'results.connect=["\(results)"]', "--log-level", "warning"]
            """.write(to: stack, atomically: true, encoding: .utf8)
        let (supervisor, _) = try ChildProcess.start(
            ChildProcess.binaries.appendingPathComponent("control").path, ["up", "--config", stack.path]
        )
        defer {
            supervisor.interrupt()
            supervisor.waitUntilExit()
        }
        let client = ControlClient(sender: "bench", options: .init(timeoutMilliseconds: 1000))
        var samples: [Double] = []
        for cycle in 0..<cycles {
            // The running process: its pid, and its results flowing (the sequence numbering of this process).
            guard let first = try receiver.receive(timeoutMilliseconds: 30_000) else {
                throw ValidationError("cycle \(cycle): targeting published nothing within 30 s")
            }
            var lastSequence = first.header.sequence
            guard case .status(let status)? = await client.status([targetingControl]).first?.reply?.payload else {
                throw ValidationError("cycle \(cycle): targeting did not answer its status")
            }
            while let message = try receiver.receive(timeoutMilliseconds: 0) { lastSequence = message.header.sequence }
            let killedAt = MonotonicClock.now()
            kill(pid_t(status.processID), SIGKILL)
            // A restarted process numbers its results from 0 again; the killed one only went up.
            while true {
                guard let message = try receiver.receive(timeoutMilliseconds: 30_000) else {
                    throw ValidationError("cycle \(cycle): no result within 30 s of the kill")
                }
                if message.header.sequence <= lastSequence { break }
                lastSequence = message.header.sequence
            }
            samples.append(Double(MonotonicClock.now() - killedAt) / 1e6)
        }
        return Percentiles(samples)
    }

    private static func service(_ name: String, control: String, resultsKey: String, results: String) throws -> Process {
        try ChildProcess.start(
            ChildProcess.binaries.appendingPathComponent(name).path,
            ["--control", control, "--set", "\(resultsKey)=[\"\(results)\"]", "--log-level", "warning"]
        ).0
    }
}
