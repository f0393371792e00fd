import Glibc
import Logging
import Supervision
import Synchronization
import Testing

/// One supervised child, driven in-process with fake children: start, restart, back-off, crash loop, stop.
@Suite(.timeLimit(.minutes(1)))
struct SupervisedChildTests {
    /// A child of service `a` supervised with quick back-off, and the launcher of its fakes.
    static func child(
        restart: RestartPolicy = .onFailure,
        grace: Double = 0.05,
        executable: String = "a",
        policy: StackConfiguration.Restarts = Self.quickRestarts(),
        timing: SupervisionTiming = Self.quickTiming(),
        plan: @escaping @Sendable (_ launch: Int) -> FakeChild.Behaviour
    ) -> (SupervisedChild, FakeLauncher) {
        let launcher = FakeLauncher { _, launch in plan(launch) }
        let entry = StackConfiguration.Entry(
            name: "a",
            control: FakeControl.endpoint("a"),
            executable: executable,
            gracePeriodSeconds: grace,
            restart: restart
        )
        let child = SupervisedChild(
            entry: entry,
            restarts: policy,
            launcher: launcher,
            timing: timing,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        return (child, launcher)
    }

    static func quickRestarts(crashLimit: Int = 5, windowSeconds: Double = 60) -> StackConfiguration.Restarts {
        var restarts = StackConfiguration.Restarts()
        restarts.initialDelaySeconds = 0.01
        restarts.maxDelaySeconds = 0.04
        restarts.crashLimit = crashLimit
        restarts.windowSeconds = windowSeconds
        return restarts
    }

    static func quickTiming(backOff: (@Sendable (Duration) async -> Void)? = nil) -> SupervisionTiming {
        var timing = SupervisionTiming()
        timing.sigtermGrace = .milliseconds(50)
        timing.sigkillWait = .milliseconds(200)
        timing.exitPollInterval = .milliseconds(1)
        if let backOff { timing.backOff = backOff }
        return timing
    }

    @Test func startsTheProgramAndReportsItsPid() async throws {
        let (child, launcher) = Self.child { _ in .runs }
        let supervision = Task { await child.supervise() }
        defer { supervision.cancel() }
        #expect(await eventually { launcher.launches(of: "a") == 1 })
        let fake = try #require(launcher.latest("a"))
        #expect(await child.pid == fake.pid)
        await child.beginStopping()
        #expect(fake.requestStop())
        #expect(await child.finish() == .acknowledged)
        #expect(fake.signals.isEmpty)
        #expect(await endsByItself(supervision))
        #expect(await child.pid == nil)
        #expect(await child.restarts == 0)
        #expect(launcher.launches(of: "a") == 1)
    }

    @Test func aCrashedChildIsStartedAgain() async throws {
        let (child, launcher) = Self.child { launch in launch == 0 ? .ends(.signaled(SIGKILL)) : .runs }
        let supervision = Task { await child.supervise() }
        defer { supervision.cancel() }
        #expect(await eventually { launcher.launches(of: "a") == 2 })
        #expect(await eventually { await child.restarts == 1 })
        let second = try #require(launcher.latest("a"))
        #expect(await child.pid == second.pid)
        await child.beginStopping()
        #expect(second.requestStop())
        #expect(await child.finish() == .acknowledged)
        #expect(await endsByItself(supervision))
        #expect(await child.gaveUp == false)
    }

    @Test func theBackOffDoublesAfterEachCrashUpToTheMaximum() async throws {
        let delays = Mutex<[Duration]>([])
        let (child, launcher) = Self.child(
            policy: Self.quickRestarts(crashLimit: 10),
            timing: Self.quickTiming { delay in delays.withLock { $0.append(delay) } },
            plan: { launch in launch < 6 ? .ends(.exited(1)) : .runs }
        )
        let supervision = Task { await child.supervise() }
        defer { supervision.cancel() }
        #expect(await eventually { launcher.launches(of: "a") == 7 })
        let milliseconds = delays.withLock { $0 }.map { Int(($0 / .milliseconds(1)).rounded()) }
        #expect(milliseconds == [10, 20, 40, 40, 40, 40])
        #expect(await child.restarts == 6)
        await child.beginStopping()
        _ = launcher.latest("a")?.requestStop()
        #expect(await child.finish() == .acknowledged)
        #expect(await endsByItself(supervision))
    }

    @Test func aCrashLoopIsGivenUpOnAfterTheCrashLimit() async {
        let (child, launcher) = Self.child(
            restart: .always,
            policy: Self.quickRestarts(crashLimit: 3),
            plan: { _ in .ends(.exited(1)) }
        )
        #expect(await endsByItself(Task { await child.supervise() }), "given up, supervision ends by itself")
        #expect(await child.gaveUp)
        #expect(launcher.launches(of: "a") == 4, "the limit allows 3 crashes; the 4th is the loop")
        #expect(await child.restarts == 3)
    }

    @Test func crashesOlderThanTheWindowDoNotCountTowardTheLimit() async {
        // Each back-off lasts longer than the window, so no two crashes are ever in it together.
        let (child, launcher) = Self.child(
            restart: .always,
            policy: Self.quickRestarts(crashLimit: 1, windowSeconds: 0.005),
            timing: Self.quickTiming { _ in try? await Task.sleep(for: .milliseconds(20)) },
            plan: { launch in launch < 4 ? .ends(.exited(1)) : .runs }
        )
        let supervision = Task { await child.supervise() }
        defer { supervision.cancel() }
        #expect(await eventually { launcher.launches(of: "a") == 5 })
        #expect(await child.gaveUp == false)
        await child.beginStopping()
        _ = launcher.latest("a")?.requestStop()
        #expect(await child.finish() == .acknowledged)
        #expect(await endsByItself(supervision))
    }

    @Test(arguments: [
        (RestartPolicy.always, ChildTermination.exited(0), true),
        (.always, .exited(3), true),
        (.onFailure, .exited(0), false),
        (.onFailure, .exited(3), true),
        (.onFailure, .signaled(SIGSEGV), true),
        (.never, .exited(3), false),
        (.never, .signaled(SIGKILL), false),
    ])
    func theRestartPolicyDecidesWhetherAnEndedChildStartsAgain(
        policy: RestartPolicy,
        termination: ChildTermination,
        restarts: Bool
    ) async {
        let (child, launcher) = Self.child(restart: policy) { launch in launch == 0 ? .ends(termination) : .runs }
        let supervision = Task { await child.supervise() }
        defer { supervision.cancel() }
        if restarts {
            #expect(await eventually { launcher.launches(of: "a") == 2 })
            await child.beginStopping()
            _ = launcher.latest("a")?.requestStop()
            #expect(await child.finish() == .acknowledged)
        }
        #expect(await endsByItself(supervision), "without a restart, supervision ends by itself")
        #expect(launcher.launches(of: "a") == (restarts ? 2 : 1))
        #expect(await child.gaveUp == false)
    }

    @Test func aChildThatEndsWhileTheStackStopsIsNotRestarted() async throws {
        let (child, launcher) = Self.child(restart: .always) { _ in .runs }
        let supervision = Task { await child.supervise() }
        defer { supervision.cancel() }
        #expect(await eventually { launcher.launches(of: "a") == 1 })
        await child.beginStopping()
        try #require(launcher.latest("a")).end(.exited(1))
        #expect(await endsByItself(supervision))
        #expect(launcher.launches(of: "a") == 1)
        #expect(await child.restarts == 0)
    }

    @Test func aChildThatIgnoresTheStopGetsSigtermAfterItsGracePeriod() async throws {
        let (child, launcher) = Self.child(grace: 0.1) { _ in FakeChild.Behaviour(obeysStop: false) }
        let supervision = Task { await child.supervise() }
        defer { supervision.cancel() }
        #expect(await eventually { launcher.launches(of: "a") == 1 })
        let fake = try #require(launcher.latest("a"))
        let started = ContinuousClock.now
        #expect(await child.finish() == .terminated)
        #expect(ContinuousClock.now - started >= .milliseconds(100), "SIGTERM before the grace period ended")
        #expect(fake.signals == [SIGTERM])
        #expect(fake.termination == .signaled(SIGTERM))
        #expect(await endsByItself(supervision))
        #expect(launcher.launches(of: "a") == 1)
    }

    @Test func aChildThatIgnoresSigtermTooIsKilled() async throws {
        let (child, launcher) = Self.child { _ in FakeChild.Behaviour(obeysStop: false, obeysSigterm: false) }
        let supervision = Task { await child.supervise() }
        defer { supervision.cancel() }
        #expect(await eventually { launcher.launches(of: "a") == 1 })
        let fake = try #require(launcher.latest("a"))
        #expect(await child.finish() == .killed)
        #expect(fake.signals == [SIGTERM, SIGKILL])
        #expect(launcher.log.entries == ["launch a", "SIGTERM a", "SIGKILL a"])
        #expect(await endsByItself(supervision))
    }

    @Test func aChildThatExitsInItsGracePeriodNeedsNoSignal() async throws {
        let (child, launcher) = Self.child(grace: 5) { _ in .runs }
        let supervision = Task { await child.supervise() }
        defer { supervision.cancel() }
        #expect(await eventually { launcher.launches(of: "a") == 1 })
        let fake = try #require(launcher.latest("a"))
        await child.beginStopping()
        async let outcome = child.finish()
        fake.end(.exited(0))
        #expect(await outcome == .acknowledged)
        #expect(fake.signals.isEmpty)
        #expect(await endsByItself(supervision))
    }

    @Test func aProgramThatCannotStartIsGivenUpOn() async {
        let (child, launcher) = Self.child(executable: "missing") { _ in .runs }
        #expect(await endsByItself(Task { await child.supervise() }))
        #expect(await child.gaveUp)
        #expect(launcher.launches(of: "a") == 0)
        #expect(await child.finish() == .notRunning)
    }
}
