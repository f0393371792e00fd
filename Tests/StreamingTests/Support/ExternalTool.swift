import Foundation
import Synchronization

/// Runs installed programs (ffprobe, ffmpeg, python3) with a deadline.
enum ExternalTool {
    static func path(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static var hasFFmpeg: Bool { path("ffmpeg") != nil && path("ffprobe") != nil }

    static var hasPythonOpenCV: Bool {
        guard path("python3") != nil else { return false }
        return (try? run("python3", ["-c", "import cv2"], timeout: 30).status) == 0
    }

    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `name` with `arguments`; kills it after `timeout` seconds.
    static func run(_ name: String, _ arguments: [String], timeout: Double = 30) throws -> Output {
        guard let executable = path(name) else { throw TestFailure("\(name) is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        // Drain pipes on other threads so a chatty tool cannot block on a full pipe.
        let collected = Mutex((stdout: Data(), stderr: Data()))
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            collected.withLock { $0.stdout = data }
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            collected.withLock { $0.stderr = data }
            group.leave()
        }
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        group.wait()
        process.waitUntilExit()
        let (stdoutData, stderrData) = collected.withLock { ($0.stdout, $0.stderr) }
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// Runs the tool on a background thread so async tests don't block the cooperative pool.
    static func runAsync(_ name: String, _ arguments: [String], timeout: Double = 30) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try run(name, arguments, timeout: timeout) })
            }
        }
    }
}
