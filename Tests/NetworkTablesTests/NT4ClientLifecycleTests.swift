import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import TestSupport
import Testing

@testable import NetworkTables

/// The client as a swift-service-lifecycle `Service`.
@Suite(.timeLimit(.minutes(1)))
struct NT4ClientLifecycleTests {
    private func configuration(port: Int) -> NT4ClientConfiguration {
        NT4ClientConfiguration(
            serverHost: "127.0.0.1",
            port: port,
            clientName: "lifecycle-test",
            timeSyncIntervalSeconds: 0.1,
            serverTimeoutSeconds: 0.5,
            reconnectMinDelaySeconds: 0.05,
            reconnectMaxDelaySeconds: 0.2
        )
    }

    @Test func runReturnsOnGracefulShutdownWhileConnected() async throws {
        let server = try await FakeNT4Server.start(.answerTimeSync)
        let client = NT4Client(configuration: self.configuration(port: server.port))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                #expect(await client.waitUntilConnected(timeout: .seconds(10)))
                let clock = ContinuousClock()
                let start = clock.now
                trigger.triggerGracefulShutdown()
                try await group.next()  // run() returned without throwing
                #expect(clock.now - start < .seconds(2))
            }
        }
        #expect(!client.isConnected)
        await server.stop()
    }

    @Test func runReturnsOnGracefulShutdownWhileWaitingToReconnect() async throws {
        let server = try await FakeNT4Server.start(.silent)
        let port = server.port
        await server.stop()
        let client = NT4Client(
            configuration: NT4ClientConfiguration(
                serverHost: "127.0.0.1",
                port: port,
                reconnectMinDelaySeconds: 30,
                reconnectMaxDelaySeconds: 30
            )
        )
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                // The first attempt failed; now the client is in a 30 s back-off.
                try await eventually("a failed connection attempt") { client.statistics.connectionFailures >= 1 }
                let clock = ContinuousClock()
                let start = clock.now
                trigger.triggerGracefulShutdown()
                try await group.next()
                #expect(clock.now - start < .seconds(2))
            }
        }
        #expect(client.statistics.connectionFailures >= 1)
    }

    @Test func runsInAServiceGroup() async throws {
        let server = try await FakeNT4Server.start(.answerTimeSync)
        let client = NT4Client(configuration: self.configuration(port: server.port))
        let group = ServiceGroup(services: [client], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            #expect(await client.waitUntilConnected(timeout: .seconds(10)))
            await group.triggerGracefulShutdown()
            try await tasks.next()
        }
        await server.stop()
    }
}
