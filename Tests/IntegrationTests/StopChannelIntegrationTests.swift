import Foundation
import TestSupport
import Testing

/// The stop channel between real processes: the `targeting` and `camstreamer` executables and `control stop`.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct StopChannelIntegrationTests {
    /// A running service and the endpoints it was given.
    struct Running {
        let process: ChildProcess
        let control: String
        let results: String
    }

    /// Starts `executable` on free loopback ports and waits until its control channel listens.
    static func start(_ executable: String, results: String? = nil) async throws -> Running {
        let control = try FreePort.endpoint()
        let results = try results ?? FreePort.endpoint()
        let resultsKey = executable == "camstreamer" ? "results.bind" : "results.connect"
        let process = try ChildProcess(
            try Project.executable(executable),
            ["--control", control, "--set", "\(resultsKey)=[\"\(results)\"]"]
        )
        guard await process.waitForOutput("control channel listening") else {
            throw TestFailure("\(executable) did not start:\n\(process.output)")
        }
        return Running(process: process, control: control, results: results)
    }

    @Test func twoHundredStopCyclesLoseNone() async throws {
        var slowest = 0.0
        for cycle in 0..<200 {
            let service = try await Self.start(cycle % 2 == 0 ? "targeting" : "camstreamer")
            let stop = try await runControl(["stop", "--endpoint", service.control, "--timeout", "5"])
            #expect(stop.status == 0, "cycle \(cycle): \(stop.output)")
            let exit = await service.process.waitForExit(timeout: .seconds(5))
            #expect(exit == 0, "cycle \(cycle): exit \(String(describing: exit))\n\(service.process.output)")
            #expect(service.process.output.contains("stopped cleanly"))
            slowest = max(slowest, stop.seconds)
            if stop.status != 0 || exit != 0 { break }
        }
        #expect(slowest < 5)
    }

    @Test func twoStopsAtOnceBothSucceed() async throws {
        for round in 0..<5 {
            let streamer = try await Self.start("camstreamer")
            let targeting = try await Self.start("targeting", results: streamer.results)
            let arguments = ["stop", "--endpoint", targeting.control, "--endpoint", streamer.control]
            async let first = runControl(arguments)
            async let second = runControl(arguments)
            let (a, b) = try await (first, second)
            #expect(a.status == 0, "round \(round): \(a.output)")
            #expect(b.status == 0, "round \(round): \(b.output)")
            #expect(await targeting.process.waitForExit(timeout: .seconds(5)) == 0)
            #expect(await streamer.process.waitForExit(timeout: .seconds(5)) == 0)
        }
    }

    @Test func aFrozenPeerDoesNotDelayAStopByMoreThanTwoSeconds() async throws {
        try Python.require(["zmq"])
        let service = try await Self.start("targeting")
        let holder = try Python.peer("Tests/IntegrationTests/peers/bus_peer.py", ["hold", service.control, "30"])
        #expect(await holder.waitForOutput("connected"))
        kill(holder.pid, SIGSTOP)
        defer { kill(holder.pid, SIGKILL) }
        try await eventually("the holder is suspended") { holder.isSuspended }
        let stop = try await runControl(["stop", "--endpoint", service.control])
        #expect(stop.status == 0, "\(stop.output)")
        #expect(stop.seconds < 2, "stop took \(stop.seconds) s")
        #expect(await service.process.waitForExit(timeout: .seconds(5)) == 0)
    }

    @Test func aServiceThatIsDownMakesStopFailWithinItsTimeout() async throws {
        let streamer = try await Self.start("camstreamer")
        let absent = try FreePort.endpoint()
        let stop = try await runControl(
            ["stop", "--endpoint", streamer.control, "--endpoint", absent, "--timeout", "1"]
        )
        #expect(stop.status != 0)
        #expect(stop.output.contains("NO ACKNOWLEDGEMENT from \(absent)"))
        #expect(stop.seconds < 2)
        #expect(await streamer.process.waitForExit(timeout: .seconds(5)) == 0)
    }

    @Test func tenThousandMalformedFramesOnEverySocketAreCountedAndSurvived() async throws {
        try Python.require(["zmq"])
        let streamer = try await Self.start("camstreamer")
        let targeting = try await Self.start("targeting", results: streamer.results)
        for (endpoint, kind) in [(streamer.results, "push"), (streamer.control, "pair"), (targeting.control, "pair")] {
            let flood = try await Python.run(
                "Tests/IntegrationTests/peers/bus_peer.py", ["flood", endpoint, kind, "10000"], timeout: .seconds(120)
            )
            #expect(flood.status == 0, "\(flood.output)")
        }
        let status = try await runControl(
            ["status", "--json", "--endpoint", streamer.control, "--endpoint", targeting.control]
        )
        #expect(status.status == 0, "\(status.output)")
        let json = try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any]
        let services = json?["services"] as? [String: [String: Any]]
        let streamerFigures = services?[streamer.control]?["figures"] as? [String: Double]
        let targetingFigures = services?[targeting.control]?["figures"] as? [String: Double]
        #expect((streamerFigures?["results_malformed"] ?? 0) >= 10_000, "\(status.output)")
        #expect((streamerFigures?["control_malformed"] ?? 0) >= 10_000, "\(status.output)")
        #expect((targetingFigures?["control_malformed"] ?? 0) >= 10_000, "\(status.output)")
        let stop = try await runControl(
            ["stop", "--endpoint", streamer.control, "--endpoint", targeting.control]
        )
        #expect(stop.status == 0, "\(stop.output)")
        #expect(await targeting.process.waitForExit(timeout: .seconds(5)) == 0)
        #expect(await streamer.process.waitForExit(timeout: .seconds(5)) == 0)
    }

    @Test func aPythonPeerDecodesWhatAServiceSends() async throws {
        try Python.require(["zmq"])
        let service = try await Self.start("targeting")
        let query = try await Python.run("Tests/IntegrationTests/peers/bus_peer.py", ["query", service.control])
        #expect(query.status == 0, "\(query.output)")
        let json = try JSONSerialization.jsonObject(with: Data(query.output.utf8)) as? [String: [String: Any]]
        let status = try #require(json?["status"])
        #expect(status["type"] as? String == "status")
        #expect(status["sender"] as? String == "targeting")
        #expect(status["request_id"] as? Int == 41)
        #expect(status["pid"] as? Int == Int(service.process.pid))
        let ack = try #require(json?["stop"])
        #expect(ack["type"] as? String == "stop_ack")
        #expect(ack["stop_id"] as? Int == 42)
        #expect(ack["state"] as? String == "stopping")
        #expect(await service.process.waitForExit(timeout: .seconds(5)) == 0)
    }

    @Test func aPythonPeerDecodesTheTargetingResults() async throws {
        try Python.require(["zmq"])
        let sink = try FreePort.endpoint()
        let peer = try Python.peer("Tests/IntegrationTests/peers/bus_peer.py", ["pull", sink, "10", "20"])
        #expect(await peer.waitForOutput("bound"))
        let service = try await Self.start("targeting", results: sink)
        #expect(await peer.waitForOutput("targeting_result", timeout: .seconds(15)))
        let stop = try await runControl(["stop", "--endpoint", service.control])
        #expect(stop.status == 0)
        #expect(await service.process.waitForExit(timeout: .seconds(5)) == 0)
        let lines = peer.output.split(separator: "\n").filter { $0.hasPrefix("{") }
        let results = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let first = try #require(results.first)
        #expect(first["sender"] as? String == "targeting")
        #expect(first["found"] as? Bool == true)
        #expect(first["pipeline"] as? String == "reflective2019")
        let targets = try #require(first["targets"] as? [[String: Any]])
        #expect(targets.count == 1 && targets[0]["id"] as? Int == -1)
        let distance = try #require(targets[0]["distance_m"] as? Double)
        // The demo camera renders the target at 1.2, 1.8 and 2.4 m.
        #expect(distance > 1.1 && distance < 2.6)
        #expect((targets[0]["corners"] as? [Any])?.count == 8)
        #expect((first["pipeline_latency_us"] as? Int ?? 0) > 0, "latency measured when the result was built")
    }
}
