import Foundation
import Logging
import NIOCore
import NIOPosix
import TestSupport
import Testing
import WireFormat

@testable import Streaming

#if canImport(Glibc)
    import Glibc
#endif

/// The connection caps under attack, on loopback: attackers use source addresses 127.0.1.x, the driver's dashboard
/// 127.0.0.2 (Linux routes all of 127/8 to the loopback interface).
@Suite(.serialized, .timeLimit(.minutes(1))) struct ConnectionCapTests {
    static let driverAddress = "127.0.0.2"

    /// A plain TCP socket bound to `source` and connecting (non-blocking) to 127.0.0.1:`port`; returns its fd.
    static func openSocket(from source: String, to port: Int, receiveBuffer: Int32? = nil) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed: errno \(errno)") }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        func address(_ host: String, _ port: Int) -> sockaddr_in {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, host, &address.sin_addr)
            return address
        }
        var local = address(source, 0)
        var remote = address("127.0.0.1", port)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(fd)
            throw TestFailure("bind(\(source)) failed: errno \(errno)")
        }
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 || errno == EINPROGRESS else {
            close(fd)
            throw TestFailure("connect failed: errno \(errno)")
        }
        return fd
    }

    /// Raises this process's open-file limit to at least `count` (up to the hard limit).
    static func raiseFileLimit(to count: Int) throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        guard limit.rlim_cur < rlim_t(count) else { return }
        limit.rlim_cur = min(limit.rlim_max, rlim_t(count))
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        guard limit.rlim_cur >= rlim_t(count) else {
            throw TestFailure("open-file limit is \(limit.rlim_cur) (hard \(limit.rlim_max)); the test needs \(count)")
        }
    }

    /// Connects from the driver's address, asks for the stream and returns the seconds until the first whole frame.
    static func driverFirstFrameSeconds(port: Int) async throws -> Double {
        let start = ContinuousClock.now
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(to: try SocketAddress(ipAddress: Self.driverAddress, port: 0))
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await withDeadline(.seconds(10)) {
            try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: "GET /stream.mjpg HTTP/1.1\r\n\r\n"))
                var parser = ResponseParser(keepBodies: false)
                for try await chunk in inbound {
                    try parser.feed(Array(chunk.readableBytesView), at: MonotonicClock.now())
                    if !parser.parts.isEmpty { break }
                }
                guard parser.head?.status == 200, !parser.parts.isEmpty else {
                    throw TestFailure("driver got \(parser.head?.statusLine ?? "no response") and no frame")
                }
                let elapsed = ContinuousClock.now - start
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
        }
    }

    /// Runs a two-camera service on loopback with a producer on the driver's camera.
    func withService(
        _ configure: (inout StreamingConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (StreamingService, [Int]) async throws -> Void
    ) async throws {
        var configuration = StreamingConfiguration(
            host: "127.0.0.1", basePort: 0, streams: [.init(name: "DriveCam"), .init(name: "ClawCam")])
        configuration.budget.enabled = false
        configure(&configuration)
        var logger = Logger(label: "test.caps")
        logger.logLevel = .warning
        let service = try StreamingService(configuration: configuration, logger: logger)
        let drive = try #require(service.hub(named: "DriveCam"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            group.addTask { try await runProducer(hub: drive, fps: 15) }
            defer { group.cancelAll() }
            try await eventually { service.servers.allSatisfy { $0.localPort != nil } }
            try await body(service, service.servers.compactMap(\.localPort))
        }
    }

    @Test func thousandIdleConnectionsLeaveTheDriverStreamServed() async throws {
        try Self.raiseFileLimit(to: 1_300)
        try await self.withService { service, ports in
            var sockets: [Int32] = []
            defer { for fd in sockets { close(fd) } }
            // 1,000 connections that never send a request: 125 attacker addresses, 8 each, half on each camera,
            // opened in bursts of 100 as fast as the server accepts them.
            for index in 0..<1_000 {
                let source = "127.0.1.\(index % 125 + 1)"
                sockets.append(try Self.openSocket(from: source, to: ports[index % 2]))
                if sockets.count % 100 == 0 {
                    let opened = sockets.count
                    _ = await waitUntil(timeout: .seconds(3)) { service.gate.statistics.accepted >= opened }
                }
            }
            let seen = service.gate.statistics.accepted
            let full = service.gate.statistics
            #expect(seen >= 990, "the gate saw only part of the flood: \(full)")
            #expect(full.open <= service.gate.maxTotal)
            let seconds = try await Self.driverFirstFrameSeconds(port: ports[0])
            let statistics = service.status().connections
            print("1000 idle connections: driver's first frame after \(seconds) s; \(statistics)")
            #expect(seconds < 1)
            #expect(statistics.evictedIdle >= 900)
        }
    }

    @Test func oneAddressCannotTakeMoreThanItsShare() async throws {
        try await self.withService { service, ports in
            var sockets: [Int32] = []
            defer { for fd in sockets { close(fd) } }
            for _ in 0..<100 { sockets.append(try Self.openSocket(from: "127.0.1.1", to: ports[0])) }
            try await eventually(timeout: .seconds(10), "100 connections seen") {
                let statistics = service.gate.statistics
                return statistics.open + statistics.refusedPerAddress >= 100
            }
            let statistics = service.gate.statistics
            #expect(statistics.open == 8)
            #expect(statistics.refusedPerAddress == 92)
            #expect(try await Self.driverFirstFrameSeconds(port: ports[0]) < 1)
        }
    }

    @Test func theLastSlotIsKeptForTheDriversCamera() async throws {
        try await self.withService({
            $0.server.maxConnections = 3
            $0.server.maxConnectionsPerAddress = 3
        }) { service, ports in
            var sockets: [Int32] = []
            defer { for fd in sockets { close(fd) } }
            // Two clients streaming the second camera take the two slots it may use.
            for index in 0..<2 {
                let fd = try Self.openSocket(from: "127.0.1.\(index + 1)", to: ports[1])
                sockets.append(fd)
                try await eventually(timeout: .seconds(5), "connection \(index) accepted") {
                    service.gate.statistics.accepted == index + 1
                }
                let request = Array("GET /stream.mjpg HTTP/1.1\r\n\r\n".utf8)
                guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else {
                    throw TestFailure("request not sent: errno \(errno)")
                }
            }
            try await eventually(timeout: .seconds(5), "two serving connections") {
                service.gate.statistics.open == 2 && service.gate.statistics.idle == 0
            }
            // A third on the second camera is refused; the driver's camera still gets the last slot.
            sockets.append(try Self.openSocket(from: "127.0.1.3", to: ports[1]))
            try await eventually(timeout: .seconds(5), "the third refused") { service.gate.statistics.refusedFull == 1 }
            #expect(try await Self.driverFirstFrameSeconds(port: ports[0]) < 1)
            #expect(service.gate.statistics.refusedFull == 1)
        }
    }

    @Test func idleConnectionsAreDroppedAfterTheRequestTimeout() async throws {
        try await self.withService({ $0.server.requestTimeoutSeconds = 0.5 }) { service, ports in
            let fd = try Self.openSocket(from: "127.0.1.1", to: ports[0])
            defer { close(fd) }
            try await eventually(timeout: .seconds(5), "the idle connection dropped") {
                service.gate.statistics.idleTimeouts == 1 && service.gate.statistics.open == 0
            }
        }
    }

    @Test func fourSlowReadersDoNotLockTheDriverOut() async throws {
        try await self.withService { service, ports in
            let drive = try #require(service.hub(named: "DriveCam"))
            // Four clients that read about one frame's worth of bytes per second.
            var sockets: [Int32] = []
            defer { for fd in sockets { close(fd) } }
            for index in 0..<4 {
                let fd = try Self.openSocket(from: "127.0.1.\(index + 1)", to: ports[0], receiveBuffer: 8_192)
                sockets.append(fd)
            }
            try await Task.sleep(for: .milliseconds(50))
            for fd in sockets {
                let request = Array("GET /stream.mjpg HTTP/1.1\r\n\r\n".utf8)
                guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else {
                    throw TestFailure("request not sent: errno \(errno)")
                }
            }
            try await eventually(timeout: .seconds(5), "four slow clients streaming") { drive.clientCount == 4 }
            // They read about one frame (96 kB) once a second, all at the same moment; the driver comes 0.7 s after
            // the last read, when the slow readers are 0.7 s behind the 15 fps stream.
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            for round in 0..<3 {
                for fd in sockets {
                    var taken = 0
                    while taken < 96 * 1024 {
                        let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                        guard count > 0 else { break }
                        taken += count
                    }
                }
                try await Task.sleep(for: .milliseconds(round < 2 ? 1_000 : 700))
            }
            #expect(drive.clientCount == 4, "the slow readers must still be connected when the driver comes")
            let seconds = try await Self.driverFirstFrameSeconds(port: ports[0])
            let statistics = drive.statistics()
            print("4 slow readers: driver's first frame after \(seconds) s; evicted \(statistics.evictedClients), "
                + "rejected \(statistics.rejectedClients)")
            #expect(seconds < 1)
            #expect(statistics.evictedClients >= 1)
            #expect(statistics.rejectedClients == 0)
        }
    }

    @Test func capsAreValidated() {
        var configuration = MJPEGServerConfiguration()
        configuration.maxConnections = 1
        #expect(throws: StreamingError.self) { try configuration.validate() }
        configuration = MJPEGServerConfiguration()
        configuration.maxConnectionsPerAddress = 100
        #expect(throws: StreamingError.self) { try configuration.validate() }
        configuration = MJPEGServerConfiguration()
        configuration.stalledClientTimeoutSeconds = .infinity
        #expect(throws: StreamingError.self) { try configuration.validate() }
        #expect(throws: Never.self) { try MJPEGServerConfiguration().validate() }
    }
}
