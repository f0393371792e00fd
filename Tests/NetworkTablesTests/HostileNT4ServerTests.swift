import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

@testable import NetworkTables

/// The NT4 client against a hostile server: it never traps, keeps its memory bounded, and keeps publishing
/// whenever the server lets it.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct HostileNT4ServerTests {
    private func configuration(port: Int, maxQueuedFrames: Int = 1_024) -> NT4ClientConfiguration {
        NT4ClientConfiguration(
            serverHost: "127.0.0.1",
            port: port,
            clientName: "hostile-test",
            timeSyncIntervalSeconds: 0.05,
            serverTimeoutSeconds: 5,
            connectTimeoutSeconds: 1,
            reconnectMinDelaySeconds: 0.05,
            reconnectMaxDelaySeconds: 0.2,
            maxQueuedFrames: maxQueuedFrames
        )
    }

    @Test func hugeAndNegativeTimesAreIgnoredAndValuesStillFlow() async throws {
        let server = try await FakeNT4Server.start(.attack(.hugeTimes))
        let (logger, logs) = CapturingLogHandler.logger()
        let client = NT4Client(configuration: self.configuration(port: server.port), logger: logger)
        try await client.whileRunning(publishingTo: try client.publish("/vision/hostile/tx", type: .double)) {
            try await eventually(timeout: .seconds(10), "values reaching the server") {
                server.valuesReceived.withLock { $0 } >= 20 && client.statistics.timeSyncsRejected >= 6
            }
        }
        await server.stop()
        let statistics = client.statistics
        print("huge times: \(statistics.timeSyncsRejected) samples ignored, \(server.valuesReceived.withLock { $0 }) values sent")
        #expect(server.connections.withLock { $0 } == 1, "absurd times must not cost the connection")
        // Rate-limited: one warning however many samples were ignored.
        #expect(logs.all.filter { $0.contains("time sync reply ignored") }.count == 1, "\(logs.all)")
        #expect(abs(statistics.serverOffsetMicros ?? .max) < 2_000_000_000)
    }

    @Test func oversizedFrameClosesTheConnectionWithoutBufferingIt() async throws {
        let server = try await FakeNT4Server.start(.attack(.oversizedFrame))
        let client = NT4Client(configuration: self.configuration(port: server.port))
        try await client.whileRunning(publishingTo: try client.publish("/vision/hostile/tx", type: .double)) {
            try await eventually(timeout: .seconds(10), "two refused connections") {
                server.connections.withLock { $0 } >= 2
            }
        }
        await server.stop()
        // The 16 MiB frame comes before the time sync reply: each connection is closed before it is established.
        #expect(client.statistics.connectionsEstablished == 0)
    }

    @Test func hundredThousandTopicsAreCappedAndValuesStillFlow() async throws {
        let server = try await FakeNT4Server.start(.attack(.topicFlood))
        let client = NT4Client(configuration: self.configuration(port: server.port))
        try await client.whileRunning(publishingTo: try client.publish("/vision/hostile/tx", type: .double)) {
            try await eventually(timeout: .seconds(30), "the topic flood handled and values sent") {
                client.statistics.topicsIgnored >= 90_000 && server.valuesReceived.withLock { $0 } >= 10
            }
        }
        await server.stop()
        print("topic flood: \(client.statistics.topicsIgnored) announcements ignored")
        #expect(client.statistics.topicsIgnored == 90_000)
        #expect(server.connections.withLock { $0 } == 1)
    }

    @Test func garbageMessagePackIsAProtocolErrorAndAReconnect() async throws {
        let server = try await FakeNT4Server.start(.attack(.garbageMessagePack))
        let client = NT4Client(configuration: self.configuration(port: server.port))
        try await client.whileRunning(publishingTo: try client.publish("/vision/hostile/tx", type: .double)) {
            try await eventually(timeout: .seconds(10), "three connections") {
                server.connections.withLock { $0 } >= 3
            }
        }
        await server.stop()
        #expect(client.statistics.protocolErrors >= 2)
    }

    @Test func aFloodingServerIsDisconnected() async throws {
        let server = try await FakeNT4Server.start(.attack(.frameFlood))
        let client = NT4Client(configuration: self.configuration(port: server.port, maxQueuedFrames: 16))
        try await client.whileRunning(publishingTo: try client.publish("/vision/hostile/tx", type: .double)) {
            try await eventually(timeout: .seconds(10), "a flood disconnect") {
                client.statistics.floodDisconnects >= 1
            }
        }
        await server.stop()
        print("frame flood: \(client.statistics.floodDisconnects) disconnects")
    }

    @Test func limitsAreValidated() {
        var configuration = NT4ClientConfiguration()
        configuration.maxFrameBytes = 100
        #expect(throws: NetworkTablesError.self) { try configuration.validate() }
        configuration = NT4ClientConfiguration()
        configuration.serverTimeoutSeconds = .infinity
        #expect(throws: NetworkTablesError.self) { try configuration.validate() }
        configuration = NT4ClientConfiguration()
        configuration.maxTopics = 0
        #expect(throws: NetworkTablesError.self) { try configuration.validate() }
        #expect(throws: Never.self) { try NT4ClientConfiguration().validate() }
    }

    @Test func serverClockRejectsAbsurdSamplesWithoutTrapping() {
        var clock = ServerClock()
        let extremes: [Int64] = [.min, .min + 1, -1, 0, 1, .max - 1, .max, 1 << 62, -(1 << 62)]
        for sent in extremes {
            for server in extremes {
                for received in extremes {
                    if let sample = clock.record(sentLocalMicros: sent, serverMicros: server, receivedLocalMicros: received) {
                        #expect(sample.roundTripMicros >= 0 && sample.roundTripMicros <= ServerClock.maxRoundTripMicros)
                    }
                    _ = clock.serverTime(localMicros: received)
                    _ = clock.localTime(serverMicros: server)
                    _ = ServerClock.valueTimestamp(localMicros: sent, offsetMicros: server)
                }
            }
        }
        var fresh = ServerClock()
        #expect(fresh.record(sentLocalMicros: 100, serverMicros: .max, receivedLocalMicros: 200) == nil)
        #expect(fresh.record(sentLocalMicros: 100, serverMicros: -5, receivedLocalMicros: 200) == nil)
        #expect(fresh.record(sentLocalMicros: .min, serverMicros: 5, receivedLocalMicros: 200) == nil)
        #expect(fresh.record(sentLocalMicros: 100, serverMicros: 1_000, receivedLocalMicros: 300)?.offsetMicros == 800)
        #expect(ServerClock.valueTimestamp(localMicros: .max, offsetMicros: 10) == .max)
        #expect(ServerClock.valueTimestamp(localMicros: .min, offsetMicros: -10) == 1)
    }
}
