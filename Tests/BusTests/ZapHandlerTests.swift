import Logging
import TestSupport
import Testing

@testable import Bus

/// The ZAP handler (RFC 27) on its own context: a listed key is admitted with its name as User-Id, any other key
/// or mechanism is refused with 400, and malformed requests are ignored without stopping it.
@Suite(.timeLimit(.minutes(1)))
struct ZapHandlerTests {
    /// Sends one ZAP request through a DEALER (the handler's ROUTER sees the same envelope as from libzmq) and
    /// returns the reply frames, or `nil` when none comes within `milliseconds`.
    static func ask(_ frames: [[UInt8]], context: ZMQContext, milliseconds: Int32 = 500) throws -> [[UInt8]]? {
        let socket = try ZMQSocket(.dealer, context: context)
        try socket.connect(ZapHandler.endpoint)
        try socket.send(parts: [[]] + frames)
        try socket.setReceiveTimeout(milliseconds: milliseconds)
        let message = ZMQMessage()
        var reply: [[UInt8]] = []
        guard try socket.receive(into: message, wait: true) else { return nil }
        reply.append(Array(message.bytes))
        while message.hasMoreParts, try socket.receive(into: message, wait: true) { reply.append(Array(message.bytes)) }
        return Array(reply.dropFirst())  // the empty delimiter
    }

    static func request(domain: String, mechanism: String = "CURVE", credentials: [[UInt8]]) -> [[UInt8]] {
        [Array("1.0".utf8), Array("7".utf8), Array(domain.utf8), Array("198.18.0.9".utf8), [], Array(mechanism.utf8)]
            + credentials
    }

    @Test func admitsListedKeysPerDomainAndRefusesTheRest() async throws {
        let context = ZMQContext()
        let operatorKey = try CurveKeyPair.generate().publicKey
        let stranger = try CurveKeyPair.generate().publicKey
        let zap = try ZapHandler(
            authorized: ["control": [operatorKey: "operator"], "results": [:]], logger: Logger(label: "zap"), context: context
        )
        let admitted = try #require(try Self.ask(Self.request(domain: "control", credentials: [operatorKey.bytes]), context: context))
        #expect(admitted.map { String(decoding: $0, as: UTF8.self) } == ["1.0", "7", "200", "OK", "operator", ""])
        let unknown = try #require(try Self.ask(Self.request(domain: "control", credentials: [stranger.bytes]), context: context))
        #expect(String(decoding: unknown[2], as: UTF8.self) == "400")
        #expect(unknown[4].isEmpty)
        // A key listed for control is not admitted on results.
        let otherDomain = try #require(try Self.ask(Self.request(domain: "results", credentials: [operatorKey.bytes]), context: context))
        #expect(String(decoding: otherDomain[2], as: UTF8.self) == "400")
        let plain = try #require(try Self.ask(Self.request(domain: "control", mechanism: "NULL", credentials: []), context: context))
        #expect(String(decoding: plain[2], as: UTF8.self) == "400")
        #expect(zap.admittedCount == 1)
        #expect(zap.refusedCount == 3)
        await zap.stop()
    }

    @Test func ignoresMalformedRequestsAndKeepsAnswering() async throws {
        let context = ZMQContext()
        let key = try CurveKeyPair.generate().publicKey
        let zap = try ZapHandler(authorized: ["control": [key: "op"]], logger: Logger(label: "zap"), context: context)
        let malformed: [[[UInt8]]] = [
            [Array("2.0".utf8)] + Array(Self.request(domain: "control", credentials: [key.bytes]).dropFirst()),
            [Array("1.0".utf8), Array("1".utf8)],
            [],
            [Array("1.0".utf8), [UInt8](repeating: 1, count: 300), Array("control".utf8), [], [], Array("CURVE".utf8), key.bytes],
        ]
        for frames in malformed {
            #expect(try Self.ask(frames, context: context, milliseconds: 100) == nil, "answered \(frames)")
        }
        #expect(zap.malformedCount == UInt64(malformed.count))
        let reply = try #require(try Self.ask(Self.request(domain: "control", credentials: [key.bytes]), context: context))
        #expect(String(decoding: reply[2], as: UTF8.self) == "200")
        await zap.stop()
    }

    @Test func aSecondHandlerInTheSameContextIsRefused() async throws {
        let context = ZMQContext()
        let zap = try ZapHandler(authorized: [:], logger: Logger(label: "zap"), context: context)
        #expect(throws: BusError.self) { try ZapHandler(authorized: [:], logger: Logger(label: "zap"), context: context) }
        await zap.stop()
    }
}
