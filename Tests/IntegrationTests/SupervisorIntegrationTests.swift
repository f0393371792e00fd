import Bus
import Foundation
import TestSupport
import Testing
import WireFormat

/// `control up` with real children: restarts, crash loops, escalation, orphans.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct SupervisorIntegrationTests {
    struct Stack {
        let supervisor: ChildProcess
        let file: URL
        let controls: [String: String]
    }

    typealias ServiceEntry = (name: String, executable: String, arguments: [String], restart: String)

    /// Writes a stack file and starts `control up` on it. `services` maps a name to (executable, arguments).
    static func up(_ services: [ServiceEntry], grace: Double = 2) throws -> Stack {
        let (file, controls) = try Self.writeStack(services, grace: grace)
        let supervisor = try ChildProcess(try Project.executable("control"), ["up", "--config", file.path])
        return Stack(supervisor: supervisor, file: file, controls: controls)
    }

    /// Writes a stack file for `services`; returns it and the control endpoint of each service and of control.
    static func writeStack(_ services: [ServiceEntry], grace: Double) throws -> (URL, [String: String]) {
        let supervisorControl = try FreePort.endpoint()
        var controls: [String: String] = [:]
        var yaml = "service:\n  control: \"\(supervisorControl)\"\nrestarts:\n  initial_delay_seconds: 0.1\n  max_delay_seconds: 0.2\n  crash_limit: 3\n  window_seconds: 30\nservices:\n"
        for service in services {
            let control = try FreePort.endpoint()
            controls[service.name] = control
            let executable = service.executable.contains("/")
                ? service.executable : Project.binaries.appendingPathComponent(service.executable).path
            let arguments = service.arguments.map { $0.replacingOccurrences(of: "@CONTROL@", with: control) }
            let argumentList = arguments.map { "\"\($0.replacingOccurrences(of: "\"", with: "\\\""))\"" }.joined(separator: ", ")
            yaml += "  - name: \(service.name)\n    control: \"\(control)\"\n    executable: \"\(executable)\"\n"
            yaml += "    arguments: [\(argumentList)]\n    grace_period_seconds: \(grace)\n    restart: \(service.restart)\n"
        }
        controls["control"] = supervisorControl
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("stack-\(UUID().uuidString).yml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return (file, controls)
    }

    static func targetingArguments(results: String) -> [String] {
        ["--control", "@CONTROL@", "--set", "results.connect=[\"\(results)\"]"]
    }

    static func streamerArguments(results: String) -> [String] {
        ["--control", "@CONTROL@", "--set", "results.bind=[\"\(results)\"]", "--set", "streaming.base_port=0"]
    }

    /// The service's status, asked in-process: a `control status` process per poll would load the 2-core
    /// machine while the service being timed starts.
    static func status(_ endpoint: String) async -> ServiceStatus? {
        let client = ControlClient(sender: "supervisor-test", options: .init(timeoutMilliseconds: 1000))
        guard case .status(let status)? = await client.status([endpoint]).first?.reply?.payload else { return nil }
        return status
    }

    @Test func killNineOfTargetingIsRestartedAndPublishesAgainWhileTheStreamerKeepsRunning() async throws {
        let results = try FreePort.endpoint()
        let stack = try Self.up([
            ("camstreamer", "camstreamer", Self.streamerArguments(results: results), "on-failure"),
            ("targeting", "targeting", Self.targetingArguments(results: results), "on-failure"),
        ])
        #expect(
            await stack.supervisor.waitForOutput("stack ready", timeout: .seconds(20)), "\(stack.supervisor.output)"
        )
        let targeting = try #require(stack.controls["targeting"])
        let streamer = try #require(stack.controls["camstreamer"])
        let before = try #require(await Self.status(targeting)?.processID)
        let streamerPid = try #require(await Self.status(streamer)?.processID)
        let killedAt = Date()
        kill(pid_t(before), SIGKILL)
        // Back and publishing: a new pid whose sent-results counter moves.
        let restartedIn = await awaitValue(timeout: .seconds(10), pollingEvery: .milliseconds(20)) { () async -> Double? in
            guard let status = await Self.status(targeting), status.processID != before else { return nil }
            return (status[figure: "results_sent"] ?? 0) > 0 ? Date().timeIntervalSince(killedAt) : nil
        }
        let seconds = try #require(restartedIn, "targeting was not back within 10 s:\n\(stack.supervisor.output)")
        #expect(seconds < 1.5, "back and publishing after \(seconds) s")
        let streamerPidAfter = await Self.status(streamer)?.processID
        #expect(streamerPidAfter == streamerPid)
        kill(stack.supervisor.pid, SIGTERM)
        #expect(await stack.supervisor.waitForExit(timeout: .seconds(15)) == 0, "\(stack.supervisor.output)")
        #expect(stack.supervisor.output.contains("stack stopped cleanly"))
    }

    @Test func aServiceThatIgnoresStopIsKilledAfterItsGracePeriodAndReported() async throws {
        // `sleep` has no control endpoint: it never acknowledges and only SIGTERM ends it.
        let stack = try Self.up([("stubborn", "/bin/sleep", ["600"], "on-failure")], grace: 1)
        #expect(await stack.supervisor.waitForOutput("started stubborn"))
        kill(stack.supervisor.pid, SIGINT)
        #expect(await stack.supervisor.waitForExit(timeout: .seconds(15)) == 0)
        #expect(
            stack.supervisor.output.contains("stubborn: did not stop in its grace period: needed SIGTERM"),
            "\(stack.supervisor.output)"
        )
    }

    @Test func childOutputIsForwardedWithTheServiceName() async throws {
        let script = "echo hello from the child; echo on standard error >&2; exec sleep 600"
        let stack = try Self.up([("echoer", "/bin/sh", ["-c", script], "never")], grace: 1)
        #expect(await stack.supervisor.waitForOutput("[echoer] hello from the child"), "\(stack.supervisor.output)")
        #expect(await stack.supervisor.waitForOutput("[echoer] on standard error"), "\(stack.supervisor.output)")
        kill(stack.supervisor.pid, SIGINT)
        #expect(await stack.supervisor.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test func aCrashLoopStopsRestartingAfterTheCap() async throws {
        let stack = try Self.up([("crasher", "/bin/false", [], "always")])
        #expect(
            await stack.supervisor.waitForOutput("crash loop, giving up", timeout: .seconds(20)),
            "\(stack.supervisor.output)"
        )
        // The supervisor stops too, and says it failed.
        #expect(await stack.supervisor.waitForExit(timeout: .seconds(10)) == 1, "\(stack.supervisor.output)")
        #expect(stack.supervisor.output.components(separatedBy: "started crasher").count - 1 == 4)
    }

    @Test func killingTheSupervisorLeavesNoOrphans() async throws {
        let results = try FreePort.endpoint()
        let stack = try Self.up([("targeting", "targeting", Self.targetingArguments(results: results), "on-failure")])
        #expect(await stack.supervisor.waitForOutput("stack ready", timeout: .seconds(20)))
        let control = try #require(stack.controls["targeting"])
        let pid = try #require(await Self.status(control)?.processID)
        kill(stack.supervisor.pid, SIGKILL)
        let gone = await awaitValue(timeout: .seconds(5), pollingEvery: .milliseconds(20)) {
            kill(Int32(pid), 0) != 0 ? true : nil
        }
        #expect(gone != nil, "targeting (pid \(pid)) outlived its supervisor")
    }

    /// What `Tests/IntegrationTests/peers/terminal_user.py` reports.
    struct TerminalSession: Decodable {
        let exit: Int?
        let seen: Bool
        let output: String
    }

    @Test(arguments: ["q", "esc"])
    func aKeyInTheTerminalStopsTheStackAndTheStatusLineIsLive(key: String) async throws {
        let results = try FreePort.endpoint()
        let (file, _) = try Self.writeStack([
            ("camstreamer", "camstreamer", Self.streamerArguments(results: results), "on-failure"),
            ("targeting", "targeting", Self.targetingArguments(results: results), "on-failure"),
        ], grace: 2)
        let control = Project.binaries.appendingPathComponent("control").path
        let run = try await Python.run(
            "Tests/IntegrationTests/peers/terminal_user.py",
            ["--wait-for", "stack ready:", "--key", key, "--timeout", "40", "--", control, "up", "--config", file.path],
            timeout: .seconds(60)
        )
        let session = try JSONDecoder().decode(TerminalSession.self, from: Data(run.output.utf8))
        #expect(session.seen, "the stack never got ready:\n\(session.output)")
        #expect(session.exit == 0, "\(session.output)")
        #expect(session.output.contains("stop requested from the keyboard"))
        #expect(session.output.contains("stack stopped cleanly"))
        // The live line: logs scroll above row 40 of the 40-row terminal; the last row shows each service.
        #expect(session.output.contains("\u{1B}[1;39r"))
        #expect(session.output.contains("targeting ready pid "))
        #expect(session.output.contains("camstreamer ready pid "))
        #expect(session.output.contains("q/Esc: stop"))
    }
}
