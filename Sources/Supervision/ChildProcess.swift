/// A running child as the supervisor sees it: a pid, a way to learn whether it ended, a way to signal it.
///
/// ``SpawnedProcess`` is the real one; tests supply fakes to drive ``SupervisedChild`` and ``Supervisor`` in-process.
public protocol ChildProcess: Sendable {
    /// The child's process id.
    var pid: Int32 { get }
    /// How the child ended, or `nil` while it runs. Polled; it must not block.
    var termination: ChildTermination? { get }
    /// Sends `signal` (`SIGTERM`, `SIGKILL`) to the child if it still runs.
    func send(_ signal: Int32)
}
