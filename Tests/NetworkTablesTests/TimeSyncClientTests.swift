import Logging
import TestSupport
import Testing
import WireFormat

@testable import NetworkTables

/// The client against a fake time sync server on loopback whose clock is a known offset ahead of ours.
@Suite(.timeLimit(.minutes(1)))
struct TimeSyncClientTests {
    static let robotAhead: Int64 = 7_200_000_000  // the robot's clock: ours + 2 h

    func client(_ server: FakeTimeSyncServer, silenceSeconds: Double = 2) -> TimeSyncClient {
        TimeSyncClient(
            host: "127.0.0.1", port: server.port, pingIntervalSeconds: 0.02, silenceSeconds: silenceSeconds,
            logger: Logger(label: "time-sync-test"))
    }

    @Test func estimatesTheRobotClockWithinAMillisecond() async throws {
        let server = try await FakeTimeSyncServer(offsetMicros: Self.robotAhead)
        let client = self.client(server)
        let run = Task { await client.run() }
        defer { run.cancel() }
        let synced = await waitUntil(timeout: .seconds(10)) { client.statistics.pongsAccepted >= 40 }
        #expect(synced, "\(client.statistics)")
        let now = Int64(MonotonicClock.now() / 1_000)
        let filter = client.filter
        let robot = try #require(filter.robotTime(localMicros: now))
        let error = robot - (now + Self.robotAhead)
        let roundTrip = filter.best?.roundTripMicros ?? .max
        print("time sync on loopback: robot time error \(error) us, rtt \(roundTrip) us")
        // Cristian's bound: half the best round trip (under 1 ms on a quiet loopback; more on a loaded machine).
        #expect(abs(error) <= roundTrip / 2 + 100, "error \(error) us, best round trip \(roundTrip) us")
        #expect((client.statistics.microsSinceLastPong ?? .max) < 1_000_000)
        run.cancel()
        await run.value
        await server.close()
    }

    @Test func garbageIsIgnoredAndAGoodServerIsThenTaken() async throws {
        let server = try await FakeTimeSyncServer(offsetMicros: Self.robotAhead)
        server.respond { client, now in
            let good = TimeSyncPacket.pong(.init(clientMicros: client, serverMicros: UInt64(now + Self.robotAhead)))
            var wrongVersion = good
            wrongVersion[0] = 9
            var wrongID = good
            wrongID[1] = 1
            return [
                [], Array(good.prefix(10)), good + [0], wrongVersion, wrongID, Array(repeating: 0xFF, count: 18),
                Array(repeating: 0xAB, count: 1_500),
                TimeSyncPacket.pong(.init(clientMicros: client, serverMicros: .max)),  // huge
                TimeSyncPacket.pong(.init(clientMicros: client &+ 10_000_000, serverMicros: 5)),  // not our ping
            ]
        }
        let client = self.client(server)
        let run = Task { await client.run() }
        defer { run.cancel() }
        let rejected = await waitUntil(timeout: .seconds(10)) { client.statistics.pongsRejected >= 50 }
        #expect(rejected, "\(client.statistics)")
        #expect(client.statistics.pongsAccepted == 0)
        #expect(client.filter.offsetMicros == nil)
        server.respond(FakeTimeSyncServer.correct(offset: Self.robotAhead))
        let synced = await waitUntil(timeout: .seconds(10)) { client.statistics.pongsAccepted >= 5 }
        #expect(synced)
        let offsetError = (client.filter.offsetMicros ?? 0) - Self.robotAhead
        #expect(abs(offsetError) < 5_000)
        run.cancel()
        await run.value
        await server.close()
    }

    @Test func aServerThatStopsAnsweringKeepsTheLastOffset() async throws {
        let server = try await FakeTimeSyncServer(offsetMicros: Self.robotAhead)
        let client = self.client(server, silenceSeconds: 0.2)
        let run = Task { await client.run() }
        defer { run.cancel() }
        #expect(await waitUntil(timeout: .seconds(10)) { client.statistics.pongsAccepted >= 3 })
        let offset = client.filter.offsetMicros
        server.respond { _, _ in [] }
        let pings = server.pings
        #expect(await waitUntil(timeout: .seconds(10)) { (client.statistics.microsSinceLastPong ?? 0) > 300_000 })
        #expect(server.pings > pings, "the client keeps pinging")
        #expect(client.filter.offsetMicros == offset)
        // Backwards time from the server (a clock that jumped back 1 min): ignored, the offset stays.
        server.respond { client, now in
            [TimeSyncPacket.pong(.init(clientMicros: client, serverMicros: UInt64(now + Self.robotAhead - 60_000_000)))]
        }
        let before = client.statistics.pongsRejected
        #expect(await waitUntil(timeout: .seconds(10)) { client.statistics.pongsRejected >= before + 3 })
        #expect(client.filter.offsetMicros == offset)
        run.cancel()
        await run.value
        await server.close()
    }

    @Test func noServerMeansNoOffsetAndNoCrash() async throws {
        let server = try await FakeTimeSyncServer(offsetMicros: 0)
        let port = server.port
        await server.close()  // nothing listens there now (ICMP port unreachable)
        let client = TimeSyncClient(
            host: "127.0.0.1", port: port, pingIntervalSeconds: 0.01, logger: Logger(label: "time-sync-test"))
        let run = Task { await client.run() }
        #expect(await waitUntil(timeout: .seconds(10)) { client.statistics.pingsSent >= 20 })
        #expect(client.filter.offsetMicros == nil)
        #expect(client.statistics.microsSinceLastPong == nil)
        run.cancel()
        await run.value
    }
}
