#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A child process started with `posix_spawn`, with default signal dispositions and an empty signal mask.
///
/// The supervisor itself ignores SIGINT and SIGTERM (swift-service-lifecycle handles them), and ignored signals
/// are inherited across `exec`: Foundation's `Process` would start children that ignore SIGTERM.
final class SpawnedProcess: Sendable {
    /// How the child ended.
    enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        var description: String {
            switch self {
            case .exited(let code): "exit code \(code)"
            case .signaled(let signal): "signal \(signal)"
            }
        }
    }

    let pid: pid_t
    private let termination = Mutex<Termination?>(nil)

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Starts `path` with `arguments`, its standard output and error going to `output`.
    static func spawn(
        path: String,
        arguments: [String],
        environment: [String: String],
        output: Int32
    ) throws(SpawnError) -> SpawnedProcess {
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
        return SpawnedProcess(pid: pid)
    }

    /// How the child ended, or `nil` while it runs (reaps it once it has ended).
    var ended: Termination? {
        self.termination.withLock { termination in
            if let termination { return termination }
            var status: Int32 = 0
            guard waitpid(self.pid, &status, WNOHANG) == self.pid else { return nil }
            termination = status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signaled(status & 0x7F)
            return termination
        }
    }

    /// Sends `signal` to a child that still runs.
    func send(_ signal: Int32) {
        if self.ended == nil { kill(self.pid, signal) }
    }
}

/// A child could not be started.
struct SpawnError: Error, CustomStringConvertible {
    let path: String
    let code: Int32

    var description: String {
        "cannot start \(self.path): \(String(cString: strerror(self.code))) (check the stack file's `executable`)"
    }
}
