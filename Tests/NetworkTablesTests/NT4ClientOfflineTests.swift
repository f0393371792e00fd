import Synchronization
import Testing

@testable import NetworkTables

struct NT4ClientOfflineTests {
    @Test func offlineKeepsOnlyTheLatestValuePerTopic() throws {
        let client = NT4Client(configuration: .init())
        let a = try client.publish("/t/a", type: .double)
        let b = try client.publish("/t/b", type: .int)
        for i in 0..<1_000 { try client.set(a, .double(Double(i)), localMicros: Int64(i)) }
        try client.set(b, .int(3))
        let stats = client.statistics
        #expect(!stats.isConnected)
        #expect(stats.valuesSent == 0)
        #expect(stats.valuesReplacedWhileOffline == 999)
        let retained = client.state.withLock { state in
            state.topics.values.map { ($0.topic.name, $0.latest, $0.pending) }
        }
        #expect(retained.count == 2)
        #expect(retained.contains { $0.0 == "/t/a" && $0.1 == .double(999) && $0.2 })
    }

    @Test func typedErrors() throws {
        let client = NT4Client(configuration: .init())
        let other = NT4Client(configuration: .init())
        let topic = try client.publish("/t/x", type: .double)
        let foreign = try other.publish("/t/x", type: .double)
        func isTypeMismatch(_ error: any Error) -> Bool {
            if case .typeMismatch = error as? NetworkTablesError { true } else { false }
        }
        func isUnknownTopic(_ error: any Error) -> Bool {
            if case .unknownTopic = error as? NetworkTablesError { true } else { false }
        }
        #expect(performing: { try client.set(topic, .string("no")) }, throws: isTypeMismatch)
        #expect(performing: { try client.set(foreign, .double(1)) }, throws: isUnknownTopic)
        client.unpublish(topic)
        #expect(performing: { try client.set(topic, .double(1)) }, throws: isUnknownTopic)
        // float and double are different NT4 types; json is a string type.
        let json = try client.publish("/t/json", type: .json)
        try client.set(json, .string("{}"))
        let float = try client.publish("/t/f", type: .float)
        #expect(throws: NetworkTablesError.self) { try client.set(float, .double(1)) }
    }

    @Test func disabledClientReturnsOnShutdown() async throws {
        let client = NT4Client(configuration: NT4ClientConfiguration(enabled: false))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            try await Task.sleep(for: .milliseconds(50))
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(client.statistics.connectionFailures == 0)
    }
}
