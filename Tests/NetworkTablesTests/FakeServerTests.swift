import Foundation
import Logging
import Synchronization
import TestSupport
import Testing
import WireFormat

@testable import NetworkTables

/// The client against a WebSocket server that misbehaves: it must log, reconnect, and never crash.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct FakeServerTests {
    private func configuration(
        port: Int,
        timeSyncIntervalSeconds: Double = 0.1,
        serverTimeoutSeconds: Double = 0.5
    ) -> NT4ClientConfiguration {
        NT4ClientConfiguration(
            serverHost: "127.0.0.1",
            port: port,
            clientName: "fake-test",
            timeSyncIntervalSeconds: timeSyncIntervalSeconds,
            serverTimeoutSeconds: serverTimeoutSeconds,
            connectTimeoutSeconds: 1,
            reconnectMinDelaySeconds: 0.05,
            reconnectMaxDelaySeconds: 0.2
        )
    }

    @Test(
        "garbage frames are logged as errors and followed by a reconnect",
        arguments: [FakeNT4Server.Behavior.garbageBinary, .garbageText]
    )
    func garbage(behavior: FakeNT4Server.Behavior) async throws {
        let server = try await FakeNT4Server.start(behavior)
        let (logger, logs) = CapturingLogHandler.logger()
        let client = NT4Client(configuration: self.configuration(port: server.port), logger: logger)
        try await client.whileRunning {
            let reconnected = await waitUntil(timeout: .seconds(10)) { server.connections.withLock { $0 } >= 3 }
            #expect(reconnected, "connections: \(server.connections.withLock { $0 }); logs: \(logs.all)")
        }
        await server.stop()
        #expect(client.statistics.protocolErrors >= 2)
        #expect(logs.contains(level: .error, "NT4 protocol error"), "\(logs.all)")
    }

    @Test func silentServerTimesOutAndIsReconnected() async throws {
        let server = try await FakeNT4Server.start(.silent)
        let (logger, logs) = CapturingLogHandler.logger()
        let client = NT4Client(configuration: self.configuration(port: server.port), logger: logger)
        try await client.whileRunning {
            let reconnected = await waitUntil(timeout: .seconds(10)) { server.connections.withLock { $0 } >= 2 }
            #expect(reconnected)
        }
        await server.stop()
        #expect(client.statistics.timeouts >= 1)
        #expect(!client.statistics.isConnected)
        #expect(logs.contains(level: .warning, "sent nothing"), "\(logs.all)")
        // Time sync requests doubled as keepalives: several went out before the timeout.
        #expect(server.received.withLock { $0.filter { $0.id == -1 }.count } >= 3)
    }

    @Test(
        "4.1 and the 4.0 fallback subprotocol connect; anything else is refused",
        arguments: [
            NT4Client.subprotocol41, NT4Client.subprotocol40,
        ]
    )
    func subprotocols(subprotocol: String) async throws {
        let server = try await FakeNT4Server.start(.answerTimeSync, subprotocol: subprotocol)
        let client = NT4Client(configuration: self.configuration(port: server.port))
        let topic = try client.publish("/fake/value", type: .double)
        try await client.whileRunning {
            #expect(await client.waitUntilConnected(timeout: .seconds(10)))
            #expect(client.statistics.subprotocol == subprotocol)
            let capture = Int64(MonotonicClock.now() / 1_000) - 5_000
            try client.set(topic, .double(2.5), localMicros: capture)
            let arrived = await waitUntil(timeout: .seconds(5)) {
                server.received.withLock { $0.contains { $0.id == topic.pubuid && $0.value == .double(2.5) } }
            }
            #expect(arrived)
            // The value carries the capture time in the fake server's time base (local + 1000 s), within the RTT.
            let sent = server.received.withLock { $0.first { $0.id == topic.pubuid } }
            let expected = capture + 1_000_000_000
            #expect(abs((sent?.timestamp ?? 0) - expected) < 20_000, "timestamp \(sent?.timestamp ?? 0) vs \(expected)")
        }
        await server.stop()
        let publishes = server.receivedText.withLock { $0 }
        #expect(publishes.contains { $0.contains("\"method\":\"publish\"") && $0.contains("/fake/value") })
    }

    @Test func wrongSubprotocolIsRefusedAndRetried() async throws {
        let server = try await FakeNT4Server.start(.answerTimeSync, subprotocol: "chat")
        let (logger, logs) = CapturingLogHandler.logger()
        let client = NT4Client(configuration: self.configuration(port: server.port), logger: logger)
        try await client.whileRunning {
            #expect(await waitUntil(timeout: .seconds(10)) { server.connections.withLock { $0 } >= 2 })
        }
        await server.stop()
        #expect(client.statistics.connectionsEstablished == 0)
        #expect(logs.contains(level: .warning, "not NT4"), "\(logs.all)")
    }

    @Test func noServerMeansBackOffNotABusyLoop() async throws {
        // Bind and close a port so nothing listens there.
        let server = try await FakeNT4Server.start(.silent)
        let port = server.port
        await server.stop()
        let client = NT4Client(configuration: self.configuration(port: port))
        try await client.whileRunning {
            try await Task.sleep(for: .seconds(1))
        }
        let failures = client.statistics.connectionFailures
        // 0.05, 0.1, 0.2, 0.2, ... s between attempts: about 6 in one second, never hundreds.
        #expect(failures >= 2 && failures <= 12, "\(failures) attempts in 1 s")
    }

    @Test func timeSyncSamplesQuicklyUntilTheWindowIsFullThenAtTheInterval() async throws {
        let server = try await FakeNT4Server.start(.answerTimeSync)
        let client = NT4Client(
            configuration: self.configuration(port: server.port, timeSyncIntervalSeconds: 1, serverTimeoutSeconds: 10)
        )
        func syncs() -> Int { server.received.withLock { $0.filter { $0.id == -1 }.count } }
        let window = ServerClock().window
        try await client.whileRunning {
            // One at connect, then one every 0.1 s until the window is full: all within about a second, not eight.
            let start = ContinuousClock.now
            let filled = await waitUntil(timeout: .seconds(5)) { syncs() >= window }
            #expect(filled, "\(syncs()) time syncs")
            #expect(ContinuousClock.now - start < .seconds(3), "window filled after \(ContinuousClock.now - start)")
            // Then the configured interval: at most two more in 1.5 s.
            let settled = syncs()
            try await Task.sleep(for: .milliseconds(1_500))
            #expect(syncs() - settled <= 2, "\(syncs() - settled) time syncs in 1.5 s with a 1 s interval")
        }
        await server.stop()
    }

    @Test func stalledLinkKeepsOnlyTheLatestValueInsteadOfQueueing() async throws {
        let server = try await FakeNT4Server.start(.stallAfterSync)
        let client = NT4Client(
            configuration: self.configuration(port: server.port, timeSyncIntervalSeconds: 1, serverTimeoutSeconds: 10)
        )
        let topic = try client.publish("/fake/image", type: .raw)
        let chunk = [UInt8](repeating: 0xab, count: 256 * 1024)
        try await client.whileRunning {
            #expect(await client.waitUntilConnected(timeout: .seconds(10)))
            // The server stops reading after answering the first time sync: publish once it has.
            #expect(await waitUntil(timeout: .seconds(10)) { server.stalled.withLock { $0 } })
            for index in 0..<400 {
                try client.set(topic, .raw(chunk + [UInt8(index % 256)]))
                try await Task.sleep(for: .milliseconds(2))  // a camera rate, so the event loop keeps up
            }
            let stats = client.statistics
            // 400 x 256 KiB = 100 MiB offered; loopback's socket buffers take a few MiB (autotuned), the rest is not queued.
            #expect(stats.valuesSent < 400, "\(stats)")
            #expect(stats.valuesReplacedWhileOffline > 0, "\(stats)")
            let pending = client.state.withLock { $0.topics[topic.pubuid]?.pending ?? false }
            #expect(pending)
            print("stalled link: \(stats.valuesSent) of 400 values written before the socket backed up")
        }
        await server.stop()
    }

    @Test func publishSetPropertiesAndUnpublishWhileConnected() async throws {
        let server = try await FakeNT4Server.start(.answerTimeSync)
        let client = NT4Client(configuration: self.configuration(port: server.port))
        try await client.whileRunning {
            #expect(await client.waitUntilConnected(timeout: .seconds(10)))
            let late = try client.publish("/fake/late", type: .intArray, properties: NTTopicProperties(retained: true))
            try client.set(late, .intArray([1, -2, 3]))
            client.setProperties(late, NTTopicProperties(persistent: true))
            client.unpublish(late)
            let done = await waitUntil(timeout: .seconds(5)) {
                server.receivedText.withLock { texts in texts.contains { $0.contains("\"unpublish\"") } }
            }
            #expect(done)
        }
        await server.stop()
        let texts = server.receivedText.withLock { $0 }.joined(separator: "\n")
        #expect(texts.contains("\"name\":\"/fake/late\""))
        #expect(texts.contains("\"type\":\"int[]\""))
        #expect(texts.contains("\"retained\":true"))
        #expect(texts.contains("\"setproperties\""))
        let values = server.received.withLock { $0.filter { $0.id >= 0 } }
        #expect(values.map(\.value) == [.intArray([1, -2, 3])])
        // Text frames are in the order the calls were made: publish before setproperties before unpublish.
        let publish = texts.range(of: "\"publish\"")?.lowerBound
        let unpublish = texts.range(of: "\"unpublish\"")?.lowerBound
        #expect(publish != nil && unpublish != nil && publish! < unpublish!)
    }

    @Test func setDefaultIsSentWithTimestampZeroAlsoAfterReconnect() async throws {
        let server = try await FakeNT4Server.start(.answerTimeSync)
        let client = NT4Client(configuration: self.configuration(port: server.port))
        let offline = try client.publish("/fake/default", type: .double)
        try client.setDefault(offline, .double(1.5))
        let live = try client.publish("/fake/live", type: .double)
        try await client.whileRunning {
            #expect(await client.waitUntilConnected(timeout: .seconds(10)))
            try client.setDefault(live, .double(2.5))
            try client.set(live, .double(3.5))
            #expect(await waitUntil(timeout: .seconds(5)) { server.received.withLock { $0.count { $0.id == live.pubuid } } >= 2 })
        }
        await server.stop()
        let values = server.received.withLock { $0.filter { $0.id >= 0 } }
        let byValue = Dictionary(values.map { ($0.value, $0.timestamp) }, uniquingKeysWith: { first, _ in first })
        #expect(byValue[.double(1.5)] == 0)  // default set before connecting
        #expect(byValue[.double(2.5)] == 0)  // default set while connected
        #expect((byValue[.double(3.5)] ?? 0) > 1_000_000_000)  // a normal set: server time (local + 1000 s)
    }
}
