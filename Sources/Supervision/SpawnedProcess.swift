import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A child process started with `posix_spawn`, with default signal dispositions and an empty signal mask.
///
/// The supervisor itself ignores SIGINT and SIGTERM (swift-service-lifecycle handles them), and ignored signals
/// are inherited across `exec`: Foundation's `Process` would start children that ignore SIGTERM.
final class SpawnedProcess: ChildProcess {
    let pid: pid_t
    /// The read end of the child's output; kept here because releasing it would close it.
    private let output: FileHandle
    private let ended = Mutex<ChildTermination?>(nil)

    /// Starts `path` with `arguments`; its standard output and error go, line by line, to `forwarder`.
    init(
        path: String,
        arguments: [String],
        environment: [String: String],
        forwarder: LineForwarder
    ) throws(SpawnError) {
        let output = Pipe()
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                forwarder.forward(data)
            }
        }
        self.pid = try Self.spawn(
            path: path,
            arguments: arguments,
            environment: environment,
            output: output.fileHandleForWriting.fileDescriptor
        )
        // The child has its copy; closing ours lets the reader see the end of the output when the child exits.
        try? output.fileHandleForWriting.close()
        self.output = output.fileHandleForReading
    }

    /// How the child ended, or `nil` while it runs (reaps it once it has ended).
    var termination: ChildTermination? {
        self.ended.withLock { ended in
            if let ended { return ended }
            var status: Int32 = 0
            guard waitpid(self.pid, &status, WNOHANG) == self.pid else { return nil }
            ended = status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signaled(status & 0x7F)
            return ended
        }
    }

    func send(_ signal: Int32) {
        if self.termination == nil { kill(self.pid, signal) }
    }

    private static func spawn(
        path: String,
        arguments: [String],
        environment: [String: String],
        output: Int32
    ) throws(SpawnError) -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw SpawnError(path: path, code: result) }
        return pid
    }
}
