import Logging
#if canImport(Glibc)
import Glibc
#endif
import ServiceLifecycle

/// One local service of the stack, run as a child process: started, restarted with exponential back-off after
/// it ends (as its ``RestartPolicy`` says), given up on in a crash loop, and stopped with escalation.
public actor SupervisedChild {
    /// How a child ended when the stack stopped.
    public enum StopOutcome: String, Sendable {
        /// It exited within its grace period.
        case acknowledged = "stopped through the stop channel"
        /// SIGTERM ended it.
        case terminated = "did not stop in its grace period: needed SIGTERM"
        /// Only SIGKILL ended it.
        case killed = "ignored SIGTERM too: needed SIGKILL"
        /// It had already ended (or was waiting to be restarted) when the stack began to stop.
        case notRunning = "was not running"
    }

    public nonisolated let entry: StackConfiguration.Entry
    private let policy: StackConfiguration.Restarts
    private let launcher: any ProcessLauncher
    private let timing: SupervisionTiming
    private let logger: Logger
    private var process: (any ChildProcess)?
    /// How many times the child was started again.
    public private(set) var restarts = 0
    /// Whether it was given up on: a crash loop, or a program that cannot be started.
    public private(set) var gaveUp = false
    private var stopping = false
    /// The child that ran when the stack began to stop.
    private var processAtStop: (any ChildProcess)?

    public init(
        entry: StackConfiguration.Entry,
        restarts: StackConfiguration.Restarts,
        launcher: any ProcessLauncher,
        timing: SupervisionTiming = SupervisionTiming(),
        logger: Logger
    ) {
        self.entry = entry
        self.policy = restarts
        self.launcher = launcher
        self.timing = timing
        self.logger = logger
    }

    /// The child's pid while it runs.
    public var pid: Int32? { self.process.flatMap { $0.termination == nil ? $0.pid : nil } }

    /// Runs and restarts the child until the stack stops or the child is given up on.
    public func supervise() async {
        let clock = ContinuousClock()
        var crashes: [ContinuousClock.Instant] = []
        var delay = self.policy.initialDelaySeconds
        while !self.stopping, !Task.isShuttingDownGracefully, !Task.isCancelled {
            let started = clock.now
            guard let process = self.start(), let termination = await self.waitForExit(process) else { return }
            if self.stopping || Task.isShuttingDownGracefully { return }
            guard self.entry.restart.restarts(after: termination) else {
                let policy = self.entry.restart.rawValue
                self.logger.notice("\(self.entry.name) ended (\(termination)); not restarting (restart: \(policy))")
                return
            }
            let window = Duration.seconds(self.policy.windowSeconds)
            crashes = crashes.filter { clock.now - $0 < window } + [clock.now]
            if crashes.count > self.policy.crashLimit {
                self.gaveUp = true
                self.logger.error(
                    "\(self.entry.name) crashed \(crashes.count) times in \(Int(self.policy.windowSeconds)) s: crash loop, giving up. Check its log above, fix, and run control up again."
                )
                return
            }
            if clock.now - started > self.timing.stableRun { delay = self.policy.initialDelaySeconds }
            self.logger.warning("\(self.entry.name) ended (\(termination)); restarting in \(delay) s")
            await self.timing.backOff(.seconds(delay))
            delay = min(delay * 2, self.policy.maxDelaySeconds)
            self.restarts += 1
        }
    }

    /// Marks the stack as stopping, so an exit is not restarted, and notes whether the child still runs: one
    /// that ends from here on ended because of the stop.
    public func beginStopping() {
        guard !self.stopping else { return }
        self.stopping = true
        self.processAtStop = self.process.flatMap { $0.termination == nil ? $0 : nil }
    }

    /// Waits for the child to exit after a stop request; escalates to SIGTERM after its grace period and to
    /// SIGKILL after ``SupervisionTiming/sigtermGrace``.
    public func finish() async -> StopOutcome {
        self.beginStopping()
        guard let process = self.processAtStop else { return .notRunning }
        let grace = Duration.seconds(self.entry.gracePeriodSeconds)
        if await self.waitForExit(process, within: grace) != nil { return .acknowledged }
        process.send(SIGTERM)
        if await self.waitForExit(process, within: self.timing.sigtermGrace) != nil { return .terminated }
        process.send(SIGKILL)
        _ = await self.waitForExit(process, within: self.timing.sigkillWait)
        return .killed
    }

    /// Starts the child; `nil` (and given up on) when it cannot be started.
    private func start() -> (any ChildProcess)? {
        do {
            let process = try self.launcher.launch(self.entry)
            self.process = process
            self.logger.info("started \(self.entry.name)", metadata: ["pid": "\(process.pid)"])
            return process
        } catch {
            self.gaveUp = true
            self.logger.error("cannot start \(self.entry.name): \(error)")
            return nil
        }
    }

    /// Waits until `process` ends; how it ended, or `nil` when `limit` passed or the task was cancelled first.
    private func waitForExit(_ process: any ChildProcess, within limit: Duration? = nil) async -> ChildTermination? {
        let deadline = limit.map { ContinuousClock.now + $0 }
        while !Task.isCancelled {
            if let termination = process.termination { return termination }
            if let deadline, ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: self.timing.exitPollInterval)
        }
        return process.termination
    }
}
