import Foundation
import Synchronization

/// A child process (the pyntcore peer script) whose stdout lines are collected; stops when `stop()` is called
/// or its stdin closes. Every wait is bounded.
final class PeerProcess: Sendable {
    private let process: Process
    private let stdin: Pipe
    private let lines = LineStore()
    private let name: String

    /// The pyntcore peer script (`scripts/nt4-peer.py`), found from this file's path.
    static let scriptPath: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/nt4-peer.py").path
    }()

    /// Why the pyntcore tests cannot run here, or `nil` when python3 and pyntcore are available.
    static let unavailableReason: String? = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import ntcore"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        do {
            try probe.run()
        } catch {
            return "python3 not runnable (\(error)); install python3 and `pip install pyntcore`"
        }
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else {
            return "python3 cannot import ntcore; run `pip install pyntcore` to enable the interoperability tests"
        }
        return nil
    }()

    /// Whether pyntcore tests can run; prints why not when they cannot.
    static var pyntcoreAvailable: Bool {
        if let reason = unavailableReason {
            print("Skipping pyntcore interoperability test: \(reason)")
            return false
        }
        return true
    }

    /// Starts `python3 scripts/nt4-peer.py <arguments>`.
    init(_ arguments: [String], name: String) throws {
        self.name = name
        self.process = Process()
        self.process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        self.process.arguments = ["python3", "-u", Self.scriptPath] + arguments
        self.stdin = Pipe()
        let stdout = Pipe()
        self.process.standardInput = self.stdin
        self.process.standardOutput = stdout
        self.process.standardError = FileHandle.standardError
        try self.process.run()
        let handle = stdout.fileHandleForReading
        let lines = self.lines
        let thread = Thread {
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    lines.append(line)
                }
            }
        }
        thread.start()
    }

    /// All lines printed so far.
    var output: [String] { self.lines.all }

    /// Waits up to `timeout` for a line satisfying `predicate`.
    func waitForLine(timeout: Duration, _ predicate: (String) -> Bool) async -> String? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            if let line = self.output.first(where: predicate) { return line }
            if !self.process.isRunning, let line = self.output.first(where: predicate) { return line }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return self.output.first(where: predicate)
    }

    /// JSON objects among the lines.
    var jsonLines: [[String: Any]] {
        self.output.compactMap { line in
            guard line.hasPrefix("{") else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    /// Stops the process (closes its stdin, then SIGTERM, then SIGKILL), waiting at most about 5 s.
    func stop() async {
        try? self.stdin.fileHandleForWriting.close()
        for step in 0..<50 {
            if !self.process.isRunning { return }
            if step == 20 { self.process.terminate() }
            if step == 40 { kill(self.process.processIdentifier, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    deinit {
        if self.process.isRunning { kill(self.process.processIdentifier, SIGKILL) }
    }
}

/// Lines collected from a child's stdout.
final class LineStore: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { self.lines.withLock { $0.append(line) } }
    var all: [String] { self.lines.withLock { $0 } }
}

/// Starts a pyntcore NT4 server on 127.0.0.1 and returns it with its NT4 and NT3 ports.
func startPyntcoreServer(
    port: Int = 0,
    port3: Int = 0,
    publishFMS: Bool = false
) async throws -> (PeerProcess, port: Int, port3: Int) {
    let server = try PeerProcess(
        ["server", "--port", "\(port)", "--port3", "\(port3)", "--seconds", "120"]
            + (publishFMS ? ["--publish-fms"] : []),
        name: "server"
    )
    guard let ready = await server.waitForLine(timeout: .seconds(15), { $0.hasPrefix("READY") }) else {
        await server.stop()
        throw PeerError("pyntcore server did not start: \(server.output)")
    }
    let parts = ready.split(separator: " ")
    return (server, Int(parts[1])!, Int(parts[2])!)
}

struct PeerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
