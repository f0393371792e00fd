import Foundation
import Testing

/// Python peers (pyzmq) for interoperability tests.
enum Python {
    /// Whether `python3` with `zmq` importable is on PATH (the README's test command installs it).
    static let hasPyzmq: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import zmq"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Fails the test with a clear instruction when pyzmq is missing.
    static func requirePyzmq() throws {
        guard Self.hasPyzmq else {
            throw TestFailure("python3 with pyzmq is needed: run `pip install pyzmq` (the README's test command does)")
        }
    }
}

/// A long-running Python peer from `Tests/IntegrationTests/peers/bus_peer.py`.
final class PythonPeer {
    let process = Process()
    private let pipe = Pipe()
    private var collected = ""

    init(_ arguments: [String]) throws {
        let script = ServiceProcess.repository.appendingPathComponent("Tests/IntegrationTests/peers/bus_peer.py").path
        self.process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        self.process.arguments = ["python3", script] + arguments
        self.process.standardOutput = self.pipe
        try self.process.run()
    }

    deinit {
        kill(self.process.processIdentifier, SIGKILL)
        self.process.waitUntilExit()
    }

    var pid: Int32 { self.process.processIdentifier }

    /// What the peer printed so far (as read by ``waitForOutput(_:seconds:)``).
    var output: String { self.collected }

    /// Waits until the peer printed `text`.
    func waitForOutput(_ text: String, seconds: Double = 10) async -> Bool {
        let handle = self.pipe.fileHandleForReading
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if self.collected.contains(text) { return true }
            let chunk = await Task.detached { handle.availableData }.value
            if chunk.isEmpty { try? await Task.sleep(for: .milliseconds(10)) }
            self.collected += String(decoding: chunk, as: UTF8.self)
        }
        return self.collected.contains(text)
    }
}
