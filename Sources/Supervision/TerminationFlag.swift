#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// SIGINT and SIGTERM raise a flag instead of ending the process, for command-line loops that check it and end
/// cleanly (`control tap`).
public enum TerminationFlag {
    private static let raised = Atomic<Bool>(false)

    /// Installs the handlers (once per process; the handler only stores to an atomic, which is signal-safe).
    public static func install() {
        signal(SIGINT) { _ in TerminationFlag.raised.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in TerminationFlag.raised.store(true, ordering: .relaxed) }
    }

    /// Whether SIGINT or SIGTERM arrived since ``install()``.
    public static var isRaised: Bool { self.raised.load(ordering: .relaxed) }
}
