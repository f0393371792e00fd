#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Loopback ports for servers under test, found free by binding them.
///
/// Ports come from 20000-32767, below the kernel's ephemeral range (32768-60999): a service that closes and
/// re-binds its port could otherwise lose it to any `tcp://127.0.0.1:*` bind meanwhile. Each candidate is bound on
/// 127.0.0.1 and closed again (so a port another process holds is skipped), and no port is handed out twice in
/// one test process.
public enum FreePort {
    private static let range = 20_000..<32_768
    private static let handedOut = Mutex<Set<Int>>([])

    /// A port nothing listens on now and no other test of this process was given; with `count` above 1, the
    /// first of `count` such ports in a row (for servers that take a base port and the ports after it).
    public static func allocate(count: Int = 1) throws -> Int {
        for _ in 0..<1000 {
            let first = Int.random(in: Self.range.lowerBound...(Self.range.upperBound - count))
            let ports = Set(first..<(first + count))
            let taken = Self.handedOut.withLock { handedOut in
                guard handedOut.isDisjoint(with: ports) else { return false }
                handedOut.formUnion(ports)
                return true
            }
            if taken, ports.allSatisfy(Self.canBind) { return first }
        }
        throw TestFailure("no \(count) free loopback port(s) in a row found in \(Self.range)")
    }

    /// A `tcp://127.0.0.1:PORT` endpoint with a port from ``allocate()``.
    public static func endpoint() throws -> String {
        "tcp://127.0.0.1:\(try Self.allocate())"
    }

    /// Whether a TCP socket can bind 127.0.0.1:`port` now.
    static func canBind(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }
}
