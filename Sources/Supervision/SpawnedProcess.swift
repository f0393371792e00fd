import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import ThreadSupport

/// A child process started with `posix_spawn`, with default signal dispositions and an empty signal mask.
///
/// The supervisor itself ignores SIGINT and SIGTERM (swift-service-lifecycle handles them), and ignored signals
/// are inherited across `exec`: Foundation's `Process` would start children that ignore SIGTERM.
final class SpawnedProcess: ChildProcess {
    let pid: pid_t
    private let ended = Mutex<ChildTermination?>(nil)

    /// Starts `path` with `arguments`; its standard output and error go, line by line, to `forwarder`.
    ///
    /// A dedicated thread reads the child's output until its end and then closes the read end itself, so no file
    /// descriptor is closed while something still waits on it (Foundation's `readabilityHandler` raced with the
    /// release of its handle and crashed libdispatch when a child was killed).
    init(
        path: String,
        arguments: [String],
        environment: [String: String],
        forwarder: LineForwarder
    ) throws(SpawnError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SpawnError(path: path, code: errno) }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        // Close-on-exec: neither end leaks into this child (dup2 gives it its own 1 and 2) or into later ones.
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        do {
            self.pid = try Self.spawn(path: path, arguments: arguments, environment: environment, output: writeEnd)
        } catch {
            close(readEnd)
            close(writeEnd)
            throw error
        }
        // The child has its copy; closing ours lets the reader see the end of the output when the child exits.
        close(writeEnd)
        DedicatedThread(name: "output") {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(readEnd, &buffer, buffer.count)
                if count > 0 {
                    forwarder.forward(Data(buffer[0..<count]))
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(readEnd)
        }.detach()
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
