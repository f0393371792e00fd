import Logging
import NIOCore
import ServiceLifecycle
import TestSupport
import Testing

@testable import Streaming

/// The wiring: two servers, their hubs and the budget loop, with real clients.
@Suite(.serialized) struct StreamingServiceTests {
    @Test func twoStreamsStayWithinTheBudget() async throws {
        var configuration = StreamingConfiguration(
            host: "127.0.0.1", basePort: 0, streams: [.init(name: "DriveCam"), .init(name: "ClawCam")])
        configuration.budget.adjustIntervalSeconds = 0.5
        var logger = Logger(label: "test.budget")
        logger.logLevel = .warning
        let service = try StreamingService(configuration: configuration, logger: logger)
        let drive = try #require(service.hub(named: "DriveCam"))
        let claw = try #require(service.hub(named: "ClawCam"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            group.addTask { try await runProducer(hub: drive, fps: 30) }
            group.addTask { try await runProducer(hub: claw, fps: 30) }
            try await eventually { service.servers.allSatisfy { $0.localPort != nil } }
            let ports = service.servers.compactMap(\.localPort)
            // Let the controller settle, then measure what the clients actually receive.
            async let settle0 = TestClient.collect(
                port: ports[0], request: "GET /stream.mjpg HTTP/1.1\r\n\r\n", for: .seconds(9), keepBodies: false)
            async let settle1 = TestClient.collect(
                port: ports[1], request: "GET /stream.mjpg HTTP/1.1\r\n\r\n", for: .seconds(9), keepBodies: false)
            let (a, b) = try await (settle0, settle1)
            // Bytes received in the last 4 s (after 5 s of adjustment).
            func lastSeconds(_ parser: ResponseParser) -> Int {
                guard let end = parser.parts.last?.receivedAt else { return 0 }
                return parser.parts.filter { end - $0.receivedAt < 4_000_000_000 }.reduce(0) { $0 + $1.bodySize + 100 }
            }
            let bitsPerSecond = Double(lastSeconds(a) + lastSeconds(b)) * 8 / 4
            let status = service.status()
            print("budget test: \(bitsPerSecond / 1e6) Mbit/s; \(status.streams.map { "\($0.name) \($0.settings)" })")
            #expect(bitsPerSecond <= 4_000_000 * 1.05, "sent \(bitsPerSecond) bit/s")
            #expect(bitsPerSecond >= 4_000_000 * 0.75, "sent only \(bitsPerSecond) bit/s")
            #expect(status.budget.streams.count == 2)
            #expect(status.streams.allSatisfy { $0.settings != configuration.budget.richestSettings })
            group.cancelAll()
        }
    }

    @Test(.timeLimit(.minutes(1))) func gracefulShutdownStopsEveryServer() async throws {
        let service = try StreamingService(configuration: StreamingConfiguration(host: "127.0.0.1", basePort: 0))
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: Logger(label: "test")))
        async let running: Void = group.run()
        try await eventually { service.servers.allSatisfy { $0.localPort != nil } }
        let ports = service.servers.compactMap(\.localPort)
        #expect(ports.count == 2)
        await group.triggerGracefulShutdown()
        try await running
        #expect(service.servers.allSatisfy { $0.localPort == nil })
        for port in ports {
            await #expect(throws: (any Error).self) { _ = try await TestClient.get("/", port: port, timeout: .seconds(2)) }
        }
    }

    @Test func adjustBudgetWithoutClientsChangesNothing() throws {
        let service = try StreamingService(configuration: StreamingConfiguration(host: "127.0.0.1", basePort: 0))
        let before = service.servers.map(\.hub.settings)
        let status = service.adjustBudget()
        #expect(status.totalClients == 0)
        #expect(service.servers.map(\.hub.settings) == before)
    }

    @Test func invalidConfigurationIsRejected() {
        #expect {
            _ = try StreamingService(configuration: StreamingConfiguration(streams: []))
        } throws: { error in
            if case .invalidConfiguration = error as? StreamingError { true } else { false }
        }
    }
}
