import TestSupport
import Glibc
import Logging
import ServiceLifecycleTestKit
import ServiceRuntime
import Supervision
import Testing
import WireFormat

/// The supervisor as a service, driven in-process with fake children and a fake stop channel.
@Suite(.timeLimit(.minutes(1)))
struct SupervisorTests {
    /// A stack of fake services: `local` ones are started by the supervisor, the others are remote.
    static func stack(
        _ services: [(name: String, local: Bool, restart: RestartPolicy)],
        grace: Double = 0.05,
        crashLimit: Int = 5
    ) -> StackConfiguration {
        var stack = StackConfiguration()
        stack.restarts = SupervisedChildTests.quickRestarts(crashLimit: crashLimit)
        stack.services = services.map { service in
            StackConfiguration.Entry(
                name: service.name,
                control: FakeControl.endpoint(service.name),
                host: service.local ? "local" : "jetson",
                executable: service.name,
                gracePeriodSeconds: grace,
                restart: service.restart
            )
        }
        return stack
    }

    static var timing: SupervisionTiming {
        var timing = SupervisedChildTests.quickTiming()
        timing.statusPollUntilReady = .milliseconds(5)
        timing.statusPollWhenReady = .milliseconds(10)
        return timing
    }

    /// Everything a test looks at while a supervisor runs.
    struct Run {
        let supervisor: Supervisor
        let launcher: FakeLauncher
        let control: FakeControl
        let display: RecordingDisplay
        let status: StatusBoard
        let logs: CapturingLogHandler.Store
    }

    /// Runs a supervisor of `stack` (with a live status line when `terminal`) inside a graceful-shutdown test scope: `body` drives it, then the scope shuts
    /// it down gracefully (unless it stopped itself) and waits for `run()` to return.
    static func supervise(
        _ stack: StackConfiguration,
        remoteAnswers: Bool = true,
        terminal: Bool = true,
        plan: @escaping @Sendable (_ name: String, _ launch: Int) -> FakeChild.Behaviour,
        _ body: (Run) async throws -> Void
    ) async throws -> Run {
        let launcher = FakeLauncher(plan: plan)
        let control = FakeControl(launcher: launcher, remoteAnswers: remoteAnswers)
        let display = RecordingDisplay()
        let status = StatusBoard()
        let (logger, logs) = CapturingLogHandler.logger()
        return try await testGracefulShutdown { trigger in
            let supervisor = Supervisor(
                stack: stack,
                launcher: launcher,
                control: control,
                status: status,
                display: terminal ? display : nil,
                timing: Self.timing,
                logger: logger,
                stopSupervisor: {
                    launcher.log.record("supervisor stops itself")
                    trigger.triggerGracefulShutdown()
                }
            )
            let run = Run(
                supervisor: supervisor, launcher: launcher, control: control, display: display, status: status,
                logs: logs
            )
            let running = Task { await supervisor.run() }  // inherits the test's graceful shutdown
            defer { running.cancel() }
            try await body(run)
            trigger.triggerGracefulShutdown()
            #expect(await endsByItself(running), "the supervisor did not stop within 5 s of the shutdown")
            return run
        }
    }

    @Test func startsEveryLocalServiceAndAnnouncesTheStackReadyWhenAllAnswerReady() async throws {
        let stack = Self.stack([("a", true, .onFailure), ("b", true, .onFailure), ("r", false, .onFailure)])
        let run = try await Self.supervise(stack, plan: { _, _ in .runs }) { run in
            #expect(await eventually { run.status.state == .ready })
            #expect(run.logs.contains(level: .notice, "stack ready: a, b, r"))
            #expect(run.launcher.names.sorted() == ["a", "b"], "the remote service is not started here")
        }
        #expect(run.supervisor.children.map(\.entry.name) == ["a", "b"])
        let status = run.status.status(requestID: 1)
        #expect(status[figure: "services"] == 3)
        #expect(status[figure: "local"] == 2)
        #expect(run.launcher.log.index(of: "supervisor stops itself") == nil)
    }

    @Test func theStackIsNotReadyWhileAServiceDoesNotAnswer() async throws {
        let stack = Self.stack([("a", true, .onFailure), ("r", false, .onFailure)])
        let run = try await Self.supervise(stack, remoteAnswers: false, plan: { _, _ in .runs }) { run in
            #expect(await eventually { run.display.latest?.contains("r DOWN restarts 0") == true })
            #expect(await eventually { run.display.latest?.contains("a ready") == true })
            #expect(run.status.state == .starting)
        }
        #expect(!run.logs.contains(level: .notice, "stack ready"))
    }

    @Test func theStatusLineShowsEachServiceWithItsStateAndRestarts() async throws {
        let stack = Self.stack([("a", true, .onFailure), ("r", false, .onFailure)])
        let run = try await Self.supervise(stack, plan: { _, launch in launch < 2 ? .ends(.exited(1)) : .runs }) { run in
            #expect(
                await eventually {
                    run.display.latest == "a ready pid 1002 up 1m05s restarts 2 | r ready pid 1 up 0s restarts 0 | q/Esc: stop"
                },
                "\(run.display.latest ?? "nothing shown")"
            )
        }
        #expect(run.display.removed, "the line is cleared when the stack stops")
    }

    @Test func withoutATerminalTheStatusIsLogged() async throws {
        let stack = Self.stack([("a", true, .onFailure)])
        let run = try await Self.supervise(stack, terminal: false, plan: { _, _ in .runs }) { run in
            #expect(await eventually { run.logs.contains(level: .info, "status: a ready pid 1000 up 1m05s restarts 0") })
        }
        #expect(run.display.latest == nil)
    }

    @Test func aStopReachesEveryServiceBeforeAnySignalAndAStubbornChildGetsSigterm() async throws {
        // The grace period leaves the stop requests ample time to go out first, even on a loaded machine.
        let stack = Self.stack([("a", true, .always), ("b", true, .always), ("r", false, .always)], grace: 0.5)
        let run = try await Self.supervise(
            stack,
            plan: { name, _ in name == "b" ? FakeChild.Behaviour(obeysStop: false) : .runs }
        ) { run in
            #expect(await eventually { run.launcher.launches(of: "a") == 1 && run.launcher.launches(of: "b") == 1 })
        }
        let events = run.launcher.log.entries
        let sigterm = try #require(run.launcher.log.index(of: "SIGTERM b"), "\(events)")
        for service in ["a", "b", "r"] {
            let stop = try #require(run.launcher.log.index(of: "stop \(service)"), "\(events)")
            #expect(stop < sigterm, "\(events)")
        }
        #expect(!events.contains("SIGTERM a"))
        #expect(run.launcher.names.sorted() == ["a", "b"], "a child that ended during the stop was started again")
        #expect(run.control.stopTimeoutsSeconds == [0.5], "the broadcast waits as long as the longest grace period")
        #expect(run.logs.contains(level: .notice, "stop summary: a: acknowledged and stopped"), "\(run.logs.all)")
        #expect(run.logs.contains(level: .notice, "stop summary: b: did not stop in its grace period: needed SIGTERM"))
        #expect(run.logs.contains(level: .notice, "stop summary: r: acknowledged and stopped"))
        #expect(run.logs.contains(level: .notice, "stack stopped; see the summary above"))
    }

    @Test func aStackStoppedThroughTheStopChannelIsReportedClean() async throws {
        let stack = Self.stack([("a", true, .onFailure), ("b", true, .onFailure)])
        let run = try await Self.supervise(stack, plan: { _, _ in .runs }) { run in
            #expect(await eventually { run.status.state == .ready })
        }
        #expect(run.launcher.latest("a")?.termination == .exited(0))
        #expect(run.launcher.latest("b")?.termination == .exited(0))
        #expect(run.launcher.latest("a")?.signals == [])
        #expect(run.logs.contains(level: .notice, "stack stopped cleanly"), "\(run.logs.all)")
    }

    @Test func whenEveryLocalServiceHasEndedTheSupervisorStopsToo() async throws {
        let stack = Self.stack([("a", true, .never), ("b", true, .onFailure), ("r", false, .onFailure)])
        let run = try await Self.supervise(stack, plan: { name, _ in .ends(.exited(name == "a" ? 3 : 0)) }) { run in
            #expect(await eventually { run.launcher.log.index(of: "supervisor stops itself") != nil })
        }
        #expect(run.logs.contains(level: .notice, "every local service has ended; the supervisor stops too"))
        #expect(await run.supervisor.gaveUp() == [])
        #expect(run.launcher.names.sorted() == ["a", "b"])
    }

    @Test func aCrashLoopingServiceIsGivenUpOnAndNamed() async throws {
        let stack = Self.stack([("a", true, .always), ("b", true, .always)], crashLimit: 2)
        let run = try await Self.supervise(stack, plan: { name, _ in name == "a" ? .ends(.signaled(SIGSEGV)) : .runs }) { run in
            #expect(await eventually { await run.supervisor.gaveUp() == ["a"] })
            #expect(run.logs.contains(level: .error, "a crashed 3 times in 60 s: crash loop, giving up"))
        }
        #expect(run.launcher.launches(of: "a") == 3)
        #expect(run.launcher.launches(of: "b") == 1)
        #expect(run.launcher.log.index(of: "supervisor stops itself") == nil, "b still runs, so the supervisor does too")
    }
}
