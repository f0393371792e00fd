import Foundation

/// Child processes of the benchmark: the baselines, its own roles and the services.
enum ChildProcess {
    /// This executable, to start its internal roles.
    static let selfPath = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path

    /// Runs a command to completion and returns its exit status and combined output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Starts a command with its standard output piped back, and standard error discarded.
    static func start(_ executable: String, _ arguments: [String]) throws -> (Process, FileHandle) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, pipe.fileHandleForReading)
    }

    /// Reads lines from `handle` until one starts with `prefix`.
    static func readLine(startingWith prefix: String, from handle: FileHandle) -> String? {
        var buffer = ""
        while true {
            let data = handle.availableData
            if data.isEmpty { return nil }
            buffer += String(decoding: data, as: UTF8.self)
            if let line = buffer.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) { return String(line) }
        }
    }
}
