import Bus
import Foundation
import Logging
import ServiceLifecycle
import WireFormat

/// One local service of the stack, run as a child process: started, watched until ready, its output forwarded
/// with a `[name]` prefix, restarted with exponential back-off after a crash, and given up on in a crash loop.
actor SupervisedChild {
    /// How a child ended when the stack stopped.
    enum StopOutcome: String, Sendable {
        case acknowledged = "stopped through the stop channel"
        case terminated = "did not stop in its grace period: needed SIGTERM"
        case killed = "ignored SIGTERM too: needed SIGKILL"
        case notRunning = "was not running"
    }

    let entry: StackConfiguration.Entry
    private let logger: Logger
    private let executable: URL
    private var process: SpawnedProcess?
    /// The read end of the child's output; kept here because releasing it would close it.
    private var output: FileHandle?
    private(set) var restarts = 0
    private(set) var gaveUp = false
    private var stopping = false

    private let policy: StackConfiguration.Restarts

    init(entry: StackConfiguration.Entry, restarts: StackConfiguration.Restarts, logger: Logger) {
        self.entry = entry
        self.policy = restarts
        self.logger = logger
        self.executable = Self.resolve(entry.executable)
    }

    /// The child's pid while it runs.
    var pid: Int32? { self.process.flatMap { $0.ended == nil ? $0.pid : nil } }

    /// Runs and restarts the child until the stack stops or the child is given up on.
    func supervise() async {
        var crashes: [Date] = []
        var delay = self.policy.initialDelaySeconds
        while !self.stopping, !Task.isShuttingDownGracefully, !Task.isCancelled {
            let started = Date()
            guard let process = self.spawn() else { return }
            let termination = await Self.waitForExit(process) ?? .exited(-1)
            if self.stopping || Task.isShuttingDownGracefully { return }
            let ranFor = Date().timeIntervalSince(started)
            if self.entry.restart == "never" || (self.entry.restart == "on-failure" && termination == .exited(0)) {
                self.logger.notice("\(self.entry.name) ended (\(termination)); not restarting (restart: \(self.entry.restart))")
                return
            }
            let window = self.policy.windowSeconds
            crashes = crashes.filter { Date().timeIntervalSince($0) < window } + [Date()]
            if crashes.count > self.policy.crashLimit {
                self.gaveUp = true
                self.logger.error(
                    "\(self.entry.name) crashed \(crashes.count) times in \(Int(window)) s: crash loop, giving up. Check its log above, fix, and run control up again."
                )
                return
            }
            if ranFor > 30 { delay = self.policy.initialDelaySeconds }
            self.logger.warning("\(self.entry.name) ended (\(termination)); restarting in \(delay) s")
            let pause = Duration.milliseconds(Int(delay * 1000))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            delay = min(delay * 2, self.policy.maxDelaySeconds)
            self.restarts += 1
        }
    }

    /// Marks the stack as stopping, so an exit is not restarted.
    func beginStopping() {
        self.stopping = true
    }

    /// Waits for the child to exit after a stop request; escalates to SIGTERM after its grace period and to
    /// SIGKILL two seconds later.
    func finish(acknowledged: Bool) async -> StopOutcome {
        self.stopping = true
        guard let process = self.process, process.ended == nil else { return .notRunning }
        if await Self.waitForExit(process, seconds: self.entry.gracePeriodSeconds) != nil {
            return acknowledged ? .acknowledged : .terminated
        }
        process.send(SIGTERM)
        if await Self.waitForExit(process, seconds: 2) != nil { return .terminated }
        process.send(SIGKILL)
        _ = await Self.waitForExit(process, seconds: 5)
        return .killed
    }

    private func spawn() -> SpawnedProcess? {
        var environment = ProcessInfo.processInfo.environment
        environment["ROBOT_VISION_SUPERVISOR_PID"] = String(getpid())
        let output = Pipe()
        let forwarder = LineForwarder(prefix: "[\(self.entry.name)] ")
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                forwarder.forward(data)
            }
        }
        let process: SpawnedProcess
        do {
            process = try SpawnedProcess.spawn(
                path: self.executable.path,
                arguments: self.entry.arguments,
                environment: environment,
                output: output.fileHandleForWriting.fileDescriptor
            )
        } catch {
            self.gaveUp = true
            self.logger.error("cannot start \(self.entry.name): \(error)")
            return nil
        }
        // The child has its copy; closing ours lets the reader see the end of the output when the child exits.
        try? output.fileHandleForWriting.close()
        self.process = process
        self.output = output.fileHandleForReading
        self.logger.info("started \(self.entry.name)", metadata: ["pid": "\(process.pid)"])
        return process
    }

    /// Waits until `process` ends (or `seconds` pass); how it ended, or `nil` on time-out.
    private static func waitForExit(_ process: SpawnedProcess, seconds: Double = .infinity) async -> SpawnedProcess.Termination? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let termination = process.ended { return termination }
            if Date() >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// A name on PATH, or next to this executable (where `swift build` puts the services), or a path.
    private static func resolve(_ executable: String) -> URL {
        if executable.contains("/") { return URL(fileURLWithPath: executable) }
        let sibling = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent(executable)
        if FileManager.default.isExecutableFile(atPath: sibling.path) { return sibling }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(executable)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return sibling
    }
}
