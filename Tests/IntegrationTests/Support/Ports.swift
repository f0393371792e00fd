#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Loopback endpoints for services started by a test.
///
/// Ports come from outside the kernel's ephemeral range (32768-60999): a service closes and re-binds its control
/// port after each answer, and an ephemeral port could meanwhile be handed to any `tcp://127.0.0.1:*` bind.
enum Ports {
    private static let next = Atomic<Int>(21_000 + Int(getpid() % 400) * 25)

    /// A port no other test of this run uses.
    static func freePort() -> Int {
        Self.next.add(1, ordering: .relaxed).newValue
    }

    /// A `tcp://127.0.0.1:PORT` endpoint no other test of this run uses.
    static func freeEndpoint() throws -> String {
        "tcp://127.0.0.1:\(Self.freePort())"
    }
}
