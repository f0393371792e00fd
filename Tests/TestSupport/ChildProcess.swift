import Foundation
import Synchronization
import ThreadSupport

/// A program started by a test: its output is collected as it comes, every wait is bounded, and it is killed when
/// the test lets go of it.
///
/// The one process runner of the test suites: project executables (``Project/executable(_:)``), Python peers
/// (``Python``) and installed tools (`ffmpeg`, `ip`, `chromium`) all run through it.
public final class ChildProcess: Sendable {
    /// How a program run to completion ended.
    public struct Result: Sendable {
        /// The exit code, or 128 + the signal that ended it.
        public var status: Int32
        /// Standard output (with standard error unless they were kept apart).
        public var output: String
        /// Standard error, when kept apart from ``output``.
        public var errorOutput: String
        /// Seconds from start to exit.
        public var seconds: Double
    }

    /// Output collected by the reader threads (a box of its own, so the readers do not keep the process alive).
    private final class Collected: Sendable {
        let output = Mutex<[UInt8]>([])
        let errors = Mutex<[UInt8]>([])
    }

    /// The program's name as given, for messages.
    public let name: String
    private let process: Process
    private let input: Pipe?
    private let collected = Collected()
    private let readers = Mutex<[DedicatedThread]>([])
    private let exited = DispatchSemaphore(value: 0)
    private let started = ContinuousClock.now

    /// Starts `executable` (a path, or a name looked up on `PATH`) with `arguments`.
    /// - Parameters:
    ///   - environment: variables added to this process's environment.
    ///   - launcher: a command that execs its last argument in place (`ip netns exec NAME`), so the pid stays the
    ///     program's; its first element is a path.
    ///   - input: give the program a standard input pipe (see ``closeInput()``); otherwise it reads `/dev/null`.
    ///   - mergeErrors: collect standard error into ``output`` (interleaved) rather than ``errorOutput``.
    public init(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        launcher: [String] = [],
        input: Bool = false,
        mergeErrors: Bool = true
    ) throws {
        guard let path = Project.tool(executable) else { throw TestFailure("\(executable) is not installed") }
        self.name = (executable as NSString).lastPathComponent
        let process = Process()
        if let command = launcher.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = Array(launcher.dropFirst()) + [path] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = mergeErrors ? output : Pipe()
        process.standardOutput = output
        process.standardError = errors
        self.input = input ? Pipe() : nil
        process.standardInput = self.input ?? FileHandle.nullDevice
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        self.process = process
        try process.run()
        let collected = self.collected
        var readers = [
            Self.reader(output.fileHandleForReading, name: self.name) { chunk in
                collected.output.withLock { $0 += chunk }
            }
        ]
        if !mergeErrors {
            readers.append(Self.reader(errors.fileHandleForReading, name: self.name) { chunk in
                collected.errors.withLock { $0 += chunk }
            })
        }
        self.readers.withLock { $0 = readers }
    }

    deinit {
        if self.process.isRunning {
            Foundation.kill(self.process.processIdentifier, SIGKILL)
            self.process.waitUntilExit()
        }
        // A grandchild may still hold the pipes open: let the readers finish on their own.
        for reader in self.readers.withLock({ $0 }) { reader.detach() }
    }

    /// The process id.
    public var pid: Int32 { self.process.processIdentifier }

    /// Whether the program is still running.
    public var isRunning: Bool { self.process.isRunning }

    /// Whether the program is stopped by a signal (SIGSTOP), as `/proc/PID/stat` says.
    public var isSuspended: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(self.pid)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ", options: .backwards)
        else { return false }
        return stat[afterName.upperBound...].first == "T"
    }

    /// What the program wrote so far (standard output, and standard error unless kept apart).
    public var output: String { String(decoding: self.collected.output.withLock { $0 }, as: UTF8.self) }

    /// What the program wrote to standard error so far, when it was kept apart from ``output``.
    public var errorOutput: String { String(decoding: self.collected.errors.withLock { $0 }, as: UTF8.self) }

    /// The complete lines of ``output`` so far.
    public var lines: [String] {
        var lines = self.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // the unfinished line (empty after a final newline)
        return lines
    }

    /// The lines of ``output`` that are JSON objects.
    public var jsonLines: [[String: Any]] {
        self.lines.compactMap { line in
            guard line.hasPrefix("{") else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    /// Waits until ``output`` contains `text`; returns whether it did within `timeout`.
    public func waitForOutput(_ text: String, timeout: Duration = .seconds(10)) async -> Bool {
        await awaitValue(timeout: timeout) { self.output.contains(text) ? true : nil } ?? false
    }

    /// Waits for a complete line that satisfies `predicate`; returns it, or `nil` after `timeout`.
    public func waitForLine(timeout: Duration = .seconds(10), _ predicate: (String) -> Bool) async -> String? {
        await awaitValue(timeout: timeout) { self.lines.first(where: predicate) }
    }

    /// Waits up to `timeout` for the program to exit; returns its exit code (128 + signal when killed), or `nil`
    /// if it still runs. Once it returns a code, the output is complete: the readers saw end of file (bounded to 2 s
    /// more, since a grandchild may keep the pipes open).
    public func waitForExit(timeout: Duration) async -> Int32? {
        guard await awaitValue(timeout: timeout, { self.process.isRunning ? nil : true }) != nil else { return nil }
        _ = await waitUntil(timeout: .seconds(2)) { self.readers.withLock { $0 }.allSatisfy(\.isFinished) }
        return self.status
    }

    /// Writes `data` to the program's standard input (started with `input: true`).
    public func write(_ data: Data) {
        self.input?.fileHandleForWriting.write(data)
    }

    /// Closes the program's standard input (it sees end of file).
    public func closeInput() {
        try? self.input?.fileHandleForWriting.close()
    }

    /// Sends `signal` to the program.
    public func kill(_ signal: Int32 = SIGKILL) {
        if self.process.isRunning { Foundation.kill(self.pid, signal) }
    }

    /// Stops the program: closes its input, then after `grace` sends SIGTERM, then SIGKILL two seconds later.
    /// Returns its exit status.
    @discardableResult
    public func stop(grace: Duration = .seconds(2)) async -> Int32? {
        self.closeInput()
        if let status = await self.waitForExit(timeout: grace) { return status }
        self.kill(SIGTERM)
        if let status = await self.waitForExit(timeout: .seconds(2)) { return status }
        self.kill(SIGKILL)
        return await self.waitForExit(timeout: .seconds(5))
    }

    /// Runs a program to completion, killing it after `timeout`.
    /// See ``init(_:_:environment:launcher:input:mergeErrors:)`` for the parameters.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        launcher: [String] = [],
        mergeErrors: Bool = true,
        timeout: Duration = .seconds(30)
    ) async throws -> Result {
        let child = try ChildProcess(
            executable, arguments, environment: environment, launcher: launcher, mergeErrors: mergeErrors
        )
        if await child.waitForExit(timeout: timeout) == nil {
            await child.stop(grace: .zero)
        }
        return child.result
    }

    /// Runs a program to completion from synchronous code, blocking the calling thread (never call it from async
    /// code: use ``run(_:_:environment:launcher:mergeErrors:timeout:)``).
    public static func runBlocking(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(30)) throws
        -> Result
    {
        let child = try ChildProcess(executable, arguments)
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if child.exited.wait(timeout: .now() + seconds) == .timedOut {
            child.kill(SIGKILL)
            child.process.waitUntilExit()
        }
        for reader in child.readers.withLock({ $0 }) { reader.join() }
        return child.result
    }

    private var status: Int32 {
        self.process.terminationReason == .exit ? self.process.terminationStatus : 128 + self.process.terminationStatus
    }

    private var result: Result {
        Result(
            status: self.status,
            output: self.output,
            errorOutput: self.errorOutput,
            seconds: Double((ContinuousClock.now - self.started).components.seconds)
                + Double((ContinuousClock.now - self.started).components.attoseconds) / 1e18
        )
    }

    private static func reader(
        _ handle: FileHandle,
        name: String,
        _ append: @escaping @Sendable ([UInt8]) -> Void
    ) -> DedicatedThread {
        DedicatedThread(name: "read-\(name)") {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return }
                append([UInt8](chunk))
            }
        }
    }
}
