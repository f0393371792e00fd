import TestSupport

/// WPILib's real NetworkTables through `scripts/nt4-peer.py` (pyntcore): a server or a subscriber printing what
/// it sees, one line each. It stops when its standard input closes (``ChildProcess/stop(grace:)``).
enum PyntcorePeer {
    /// Whether pyntcore can run here; prints why not when it cannot.
    static var isAvailable: Bool { Python.isAvailable(["ntcore"], for: "the pyntcore interoperability tests") }

    /// Starts `python3 scripts/nt4-peer.py ARGUMENTS`.
    static func start(_ arguments: [String]) throws -> ChildProcess {
        try Python.peer("scripts/nt4-peer.py", arguments, input: true)
    }

    /// Starts a pyntcore NT4 server on 127.0.0.1 (`0`: any free port) and returns it with its NT4 and NT3 ports.
    static func startServer(
        port: Int = 0,
        port3: Int = 0,
        publishFMS: Bool = false
    ) async throws -> (ChildProcess, port: Int, port3: Int) {
        let server = try Self.start(
            ["server", "--port", "\(port)", "--port3", "\(port3)", "--seconds", "120"]
                + (publishFMS ? ["--publish-fms"] : [])
        )
        let ready = await server.waitForLine(timeout: .seconds(15)) { $0.hasPrefix("READY") }
        let parts = ready?.split(separator: " ") ?? []
        guard parts.count >= 3, let nt4 = Int(parts[1]), let nt3 = Int(parts[2]) else {
            await server.stop()
            throw TestFailure("pyntcore server did not start: \(server.output)\(server.errorOutput)")
        }
        return (server, nt4, nt3)
    }
}
