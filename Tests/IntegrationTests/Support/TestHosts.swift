import Foundation
import Synchronization
import TestSupport

/// Separate "hosts" on this machine for one test: a network namespace each, its `eth0` plugged into a bridge that
/// lives in a namespace of its own. Addresses are `198.18.7.1`, `.2`, ... (198.18.0.0/15 is reserved for network
/// tests); there is no route anywhere else, so nothing a test starts can reach another network.
/// Each host knows the others' hardware addresses (permanent ARP entries): a link that goes down and up again is
/// usable at once, rather than after the kernel's next ARP retry (up to 1 s later; carrier loss flushes learnt entries).
/// Needs root; call ``remove()`` when done (in a `defer`): it deletes everything, the links go with their namespaces.
final class TestHosts {
    /// One host: its namespace, addresses, and its link's port on the bridge.
    struct Host {
        let namespace: String
        let address: String
        let hardwareAddress: String
        let bridgePort: String
    }

    /// iproute2's `ip`, where Debian puts it.
    static let ip: URL? = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"]
        .map { URL(fileURLWithPath: $0) }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// Whether namespaces can be made here: running as root with a working `ip netns`.
    static let available: Bool = geteuid() == 0 && (try? TestHosts.run(["netns", "list"])) != nil

    /// Namespace names start with this, then the test process's pid.
    private static let prefix = "rvtest"
    private static let created = Atomic<Int>(0)

    let hosts: [Host]
    private let bridgeNamespace: String

    /// Creates `count` hosts on one bridge. Leftovers of test processes that died before cleaning up are deleted first.
    init(count: Int) throws(TestFailure) {
        Self.removeLeftovers()
        let name = "\(Self.prefix)\(getpid())n\(Self.created.add(1, ordering: .relaxed).newValue)"
        self.bridgeNamespace = "\(name)-sw"
        self.hosts = (1...count).map {
            Host(
                namespace: "\(name)-\($0)",
                address: "198.18.7.\($0)",
                hardwareAddress: String(format: "02:00:c6:12:07:%02x", $0),
                bridgePort: "port\($0)"
            )
        }
        do {
            try Self.run(["netns", "add", self.bridgeNamespace])
            try Self.run(["-n", self.bridgeNamespace, "link", "add", "name", "br0", "type", "bridge"])
            try Self.run(["-n", self.bridgeNamespace, "link", "set", "br0", "up"])
            for host in self.hosts {
                try Self.run(["netns", "add", host.namespace])
                try Self.run(["-n", host.namespace, "link", "set", "lo", "up"])
                try Self.run([
                    "-n", self.bridgeNamespace, "link", "add", "name", host.bridgePort, "type", "veth",
                    "peer", "name", "eth0", "netns", host.namespace,
                ])
                try Self.run(["-n", self.bridgeNamespace, "link", "set", host.bridgePort, "master", "br0", "up"])
                try Self.run(["-n", host.namespace, "address", "add", "\(host.address)/24", "dev", "eth0"])
                try Self.run(["-n", host.namespace, "link", "set", "eth0", "address", host.hardwareAddress, "up"])
            }
            for host in self.hosts {
                for peer in self.hosts where peer.namespace != host.namespace {
                    try Self.run([
                        "-n", host.namespace, "neigh", "add", peer.address, "lladdr", peer.hardwareAddress,
                        "dev", "eth0", "nud", "permanent",
                    ])
                }
            }
        } catch {
            self.remove()
            throw error
        }
    }

    /// Deletes the namespaces (and so every link); safe to call more than once.
    func remove() {
        for namespace in self.hosts.map(\.namespace) + [self.bridgeNamespace] {
            _ = try? Self.run(["netns", "delete", namespace])
        }
    }

    /// Unplugs (`false`) or plugs back `host`'s link at the bridge: the host sees its carrier go, as with a pulled cable.
    func setLink(of host: Host, up: Bool) throws(TestFailure) {
        try Self.run(["-n", self.bridgeNamespace, "link", "set", host.bridgePort, up ? "up" : "down"])
    }

    /// Starts a project executable on `host`.
    func start(_ executable: String, on host: Host, _ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(try Project.executable(executable), arguments, launcher: try Self.launcher(host))
    }

    /// Runs `command` (a path, or a name looked up on PATH) on `host` to completion.
    func run(on host: Host, _ command: String, _ arguments: [String], timeout: Duration = .seconds(10)) async throws
        -> ChildProcess.Result
    {
        guard let path = Project.tool(command) else { throw TestFailure("\(command) is not installed") }
        return try await ChildProcess.run(path, arguments, launcher: try Self.launcher(host), timeout: timeout)
    }

    /// Runs the project's `control` on `host` to completion.
    func control(on host: Host, _ arguments: [String], timeout: Duration = .seconds(10)) async throws
        -> ChildProcess.Result
    {
        try await self.run(on: host, try Project.executable("control"), arguments, timeout: timeout)
    }

    private static func launcher(_ host: Host) throws(TestFailure) -> [String] {
        guard let ip = Self.ip else { throw TestFailure("`ip` (iproute2) is missing") }
        return [ip.path, "netns", "exec", host.namespace]
    }

    /// Deletes namespaces left by test processes that no longer exist.
    private static func removeLeftovers() {
        guard let list = try? Self.run(["netns", "list"]) else { return }
        for line in list.split(separator: "\n") {
            let namespace = String(line.split(separator: " ").first ?? "")
            guard namespace.hasPrefix(Self.prefix),
                let pid = Int32(namespace.dropFirst(Self.prefix.count).prefix(while: \.isNumber)),
                pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            _ = try? Self.run(["netns", "delete", namespace])
        }
    }

    /// Runs `ip ARGUMENTS`; returns its output.
    @discardableResult
    private static func run(_ arguments: [String]) throws(TestFailure) -> String {
        guard let ip = Self.ip else { throw TestFailure("`ip` (iproute2) is missing") }
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.runBlocking(ip.path, arguments, timeout: .seconds(10))
        } catch {
            throw TestFailure("cannot run \(ip.path): \(error)")
        }
        guard result.status == 0 else {
            throw TestFailure("ip \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.output)")
        }
        return result.output
    }
}
