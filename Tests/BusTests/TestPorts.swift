#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Loopback endpoints for control servers under test, outside the kernel's ephemeral range (32768-60999).
///
/// A control server closes and re-binds its port after each answer; a port from the ephemeral range could be
/// handed meanwhile to another test's `tcp://127.0.0.1:*` bind in this process.
enum TestPorts {
    private static let next = Atomic<Int>(20_000 + Int(getpid() % 500) * 20)

    static func endpoint() -> String {
        "tcp://127.0.0.1:\(Self.next.add(1, ordering: .relaxed).newValue)"
    }
}
