import Foundation
import Testing

/// A project executable started as a child process for a test, with its standard error captured to a file.
final class ServiceProcess {
    let name: String
    let process = Process()
    let logURL: URL

    /// The folder with the built executables (next to the test bundle).
    static let binaries: URL = {
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return bundle.deletingLastPathComponent()
    }()

    /// The repository root.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Starts `executable` (a product of this package) with `arguments`, through `launcher` when given (a command
    /// that execs its last argument in place, such as `ip netns exec NAME`, so the pid stays the service's).
    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], launcher: [String] = []) throws {
        self.name = executable
        let path = Self.binaries.appendingPathComponent(executable)
        guard FileManager.default.isExecutableFile(atPath: path.path) else {
            throw TestFailure("\(path.path) is missing: build the executables first (`swift build`)")
        }
        self.logURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(executable)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: self.logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: self.logURL)
        if let command = launcher.first {
            self.process.executableURL = URL(fileURLWithPath: command)
            self.process.arguments = launcher.dropFirst() + [path.path] + arguments
        } else {
            self.process.executableURL = path
            self.process.arguments = arguments
        }
        self.process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        self.process.standardError = log
        self.process.standardOutput = log
        try self.process.run()
    }

    deinit {
        if self.process.isRunning {
            kill(self.process.processIdentifier, SIGKILL)
            self.process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: self.logURL)
    }

    var pid: Int32 { self.process.processIdentifier }

    /// What the process wrote so far.
    var log: String { (try? String(contentsOf: self.logURL, encoding: .utf8)) ?? "" }

    /// Waits up to `seconds` for the process to exit; returns its exit code, or `nil` if still running.
    func waitForExit(seconds: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while self.process.isRunning, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        guard !self.process.isRunning else { return nil }
        return self.process.terminationReason == .exit ? self.process.terminationStatus : 128 + self.process.terminationStatus
    }

    /// Waits until the log contains `text`.
    func waitForLog(_ text: String, seconds: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if self.log.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}

/// A failed precondition of a test, with a message that says what to do.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
