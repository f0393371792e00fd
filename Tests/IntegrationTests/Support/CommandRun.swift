import Foundation

/// Runs a command to completion (bounded by `timeout`) and returns its exit code and output.
struct CommandRun {
    var status: Int32
    var output: String
    var seconds: Double

    static func run(_ executable: URL, _ arguments: [String], timeout: Double = 30) async throws -> CommandRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let start = Date()
        try process.run()
        let reader = Task.detached { pipe.fileHandleForReading.readDataToEndOfFile() }
        while process.isRunning, Date().timeIntervalSince(start) < timeout {
            try await Task.sleep(for: .milliseconds(2))
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        let output = String(decoding: await reader.value, as: UTF8.self)
        return CommandRun(status: process.terminationStatus, output: output, seconds: Date().timeIntervalSince(start))
    }

    /// Runs the project's `control` executable.
    static func control(_ arguments: [String], timeout: Double = 30) async throws -> CommandRun {
        try await Self.run(ServiceProcess.binaries.appendingPathComponent("control"), arguments, timeout: timeout)
    }

    /// Runs `python3` with a script from `Tests/IntegrationTests/peers`.
    static func python(_ script: String, _ arguments: [String], timeout: Double = 60) async throws -> CommandRun {
        let path = ServiceProcess.repository.appendingPathComponent("Tests/IntegrationTests/peers/\(script)").path
        return try await Self.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", path] + arguments, timeout: timeout)
    }
}
