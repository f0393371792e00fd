import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts a stack entry's program as a real child process (``SpawnedProcess``), its output forwarded line by
/// line with a `[name] ` prefix.
///
/// The program is a name looked up next to this executable (where `swift build` puts the services), then on
/// `PATH`, or a path. The child gets `ROBOT_VISION_SUPERVISOR_PID`, so it stops by itself when the supervisor dies.
public struct SpawningLauncher: ProcessLauncher {
    /// Where forwarded output lines go.
    private let write: @Sendable (Data) -> Void

    /// - Parameter write: receives the children's prefixed output lines (default: standard error).
    public init(write: @escaping @Sendable (Data) -> Void = { FileHandle.standardError.write($0) }) {
        self.write = write
    }

    public func launch(_ entry: StackConfiguration.Entry) throws(SpawnError) -> any ChildProcess {
        var environment = ProcessInfo.processInfo.environment
        environment["ROBOT_VISION_SUPERVISOR_PID"] = String(getpid())
        return try SpawnedProcess(
            path: Self.resolve(entry.executable).path,
            arguments: entry.arguments,
            environment: environment,
            forwarder: LineForwarder(prefix: "[\(entry.name)] ", write: self.write)
        )
    }

    /// A name on PATH, or next to this executable, or a path.
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
