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
    private var process: Process?
    private(set) var restarts = 0
    private(set) var gaveUp = false
    private var stopping = false

    /// Crashes this close together count towards the crash loop.
    static let crashWindowSeconds = 60.0
    /// More crashes than this within ``crashWindowSeconds`` and the child is given up on.
    static let maxCrashes = 5

    init(entry: StackConfiguration.Entry, logger: Logger) {
        self.entry = entry
        self.logger = logger
        self.executable = Self.resolve(entry.executable)
    }

    /// The child's pid while it runs.
    var pid: Int32? { self.process.flatMap { $0.isRunning ? $0.processIdentifier : nil } }

    /// Runs and restarts the child until the stack stops or the child is given up on.
    func supervise() async {
        var crashes: [Date] = []
        var delay = 0.5
        while !self.stopping, !Task.isShuttingDownGracefully, !Task.isCancelled {
            let started = Date()
            guard let process = self.spawn() else { return }
            let status = await Self.waitForExit(process)
            if self.stopping || Task.isShuttingDownGracefully { return }
            let ranFor = Date().timeIntervalSince(started)
            let description = process.terminationReason == .uncaughtSignal ? "signal \(status)" : "code \(status)"
            if self.entry.restart == "never" || (self.entry.restart == "on-failure" && status == 0 && process.terminationReason == .exit) {
                self.logger.notice("\(self.entry.name) exited with \(description); not restarting (restart: \(self.entry.restart))")
                return
            }
            crashes = crashes.filter { Date().timeIntervalSince($0) < Self.crashWindowSeconds } + [Date()]
            if crashes.count > Self.maxCrashes {
                self.gaveUp = true
                self.logger.error(
                    "\(self.entry.name) crashed \(crashes.count) times in \(Int(Self.crashWindowSeconds)) s: crash loop, giving up. Check its log above, fix, and run control up again."
                )
                return
            }
            if ranFor > 30 { delay = 0.5 }
            self.logger.warning("\(self.entry.name) exited with \(description); restarting in \(delay) s")
            let pause = Duration.milliseconds(Int(delay * 1000))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            delay = min(delay * 2, 10)
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
        guard let process = self.process, process.isRunning else { return .notRunning }
        if await Self.waitForExit(process, seconds: self.entry.gracePeriodSeconds) != nil {
            return acknowledged ? .acknowledged : .terminated
        }
        kill(process.processIdentifier, SIGTERM)
        if await Self.waitForExit(process, seconds: 2) != nil { return .terminated }
        kill(process.processIdentifier, SIGKILL)
        _ = await Self.waitForExit(process, seconds: 5)
        return .killed
    }

    private func spawn() -> Process? {
        let process = Process()
        process.executableURL = self.executable
        process.arguments = self.entry.arguments
        var environment = ProcessInfo.processInfo.environment
        environment["ROBOT_VISION_SUPERVISOR_PID"] = String(getpid())
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let forwarder = LineForwarder(prefix: "[\(self.entry.name)] ")
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                forwarder.forward(data)
            }
        }
        do {
            try process.run()
        } catch {
            self.gaveUp = true
            self.logger.error("cannot start \(self.entry.name) (\(self.executable.path)): \(error)")
            return nil
        }
        self.process = process
        self.logger.info("started \(self.entry.name)", metadata: ["pid": "\(process.processIdentifier)"])
        return process
    }

    /// Waits until `process` exits (or `seconds` pass); its exit status, or `nil` on time-out.
    private static func waitForExit(_ process: Process, seconds: Double = .infinity) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            if Date() >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
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
