import Logging
import Synchronization
import TestSupport
import Testing
import WireFormat

@testable import Bus

/// The stop channel with CURVE: a client whose key the ZAP handler lists stops the service (and is named), any other
/// key is refused during the handshake (the client reports it at once), and a client without CURVE gets nowhere.
@Suite(.timeLimit(.minutes(1)))
struct CurveControlChannelTests {
    /// The requesters the server handed to its owner.
    final class Recorder: Sendable {
        let names = Mutex<[String]>([])
    }

    final class Service: Sendable {
        let context = ZMQContext()
        let zap: ZapHandler
        let server: ControlServer
        let serverKeys: CurveKeyPair
        let recorder = Recorder()

        init(authorized: [CurveKey: String]) throws {
            self.serverKeys = try CurveKeyPair.generate()
            self.zap = try ZapHandler(authorized: ["control": authorized], logger: Logger(label: "zap"), context: self.context)
            var options = ControlServer.Options()
            options.security = .server(self.serverKeys, domain: "control")
            let recorder = self.recorder
            self.server = try ControlServer(
                endpoint: try FreePort.endpoint(),
                serviceName: "svc",
                handlers: .init(
                    status: { ServiceStatus(requestID: $0, state: .ready, processID: 1, uptimeMilliseconds: 5) },
                    stop: { _, requester in recorder.names.withLock { $0.append(requester) } }
                ),
                options: options,
                logger: Logger(label: "svc"),
                context: self.context
            )
        }

        func client(_ keys: CurveKeyPair?, milliseconds: Int = 1500) -> ControlClient {
            ControlClient(
                sender: "op-cli",
                options: .init(timeoutMilliseconds: milliseconds),
                security: keys.map { [self.server.boundEndpoint: .client($0, serverKey: self.serverKeys.publicKey)] } ?? [:]
            )
        }

        func finish() async {
            await self.server.finish()
            await self.zap.stop()
        }
    }

    @Test func anAuthorizedKeyStopsTheServiceAndIsNamed() async throws {
        let operatorKeys = try CurveKeyPair.generate()
        let service = try Service(authorized: [operatorKeys.publicKey: "alice"])
        let outcome = try #require(await service.client(operatorKeys).stop([service.server.boundEndpoint], stopID: 5).first)
        guard case .stopAcknowledgement(let ack)? = outcome.reply?.payload else {
            Issue.record("expected an acknowledgement, got \(outcome)")
            return
        }
        #expect(ack.stopID == 5)
        #expect(service.recorder.names.withLock { $0 } == ["op-cli (key alice)"])
        await service.finish()
    }

    @Test func anUnlistedKeyIsRefusedAtTheHandshakeAndReportedAtOnce() async throws {
        let operatorKeys = try CurveKeyPair.generate()
        let service = try Service(authorized: [operatorKeys.publicKey: "alice"])
        let start = ContinuousClock.now
        let outcome = try #require(await service.client(try CurveKeyPair.generate(), milliseconds: 10_000).stop([service.server.boundEndpoint]).first)
        guard case .refused(let reason, _) = outcome else {
            Issue.record("expected a refusal, got \(outcome)")
            return
        }
        #expect(reason.contains("not listed"))
        // "not listed" is the ZAP handler's answer (a timeout says otherwise); it comes long before the 10 s timeout.
        #expect(ContinuousClock.now - start < .seconds(8), "the refusal was not reported at once")
        #expect(service.recorder.names.withLock { $0 }.isEmpty)
        #expect(service.zap.refusedCount >= 1)
        // The service still answers its operator.
        let status = try #require(await service.client(operatorKeys).status([service.server.boundEndpoint]).first)
        #expect(status.reply != nil, "\(status)")
        await service.finish()
    }

    @Test func aWrongServerKeyIsReportedAsSuch() async throws {
        let operatorKeys = try CurveKeyPair.generate()
        let service = try Service(authorized: [operatorKeys.publicKey: "alice"])
        let client = ControlClient(
            sender: "op-cli",
            options: .init(timeoutMilliseconds: 800),
            security: [service.server.boundEndpoint: .client(operatorKeys, serverKey: try CurveKeyPair.generate().publicKey)]
        )
        let outcome = try #require(await client.status([service.server.boundEndpoint]).first)
        guard case .refused(let reason, _) = outcome else {
            Issue.record("expected a refusal, got \(outcome)")
            return
        }
        #expect(reason.contains("wrong --server-key"))
        await service.finish()
    }

    @Test func aClientWithoutCurveGetsNoAnswer() async throws {
        let service = try Service(authorized: [try CurveKeyPair.generate().publicKey: "alice"])
        let outcome = try #require(await service.client(nil, milliseconds: 800).stop([service.server.boundEndpoint]).first)
        #expect(outcome.reply == nil, "a plain client got \(outcome)")
        if case .refused(let reason, _) = outcome { #expect(reason.contains("CURVE")) }
        #expect(service.recorder.names.withLock { $0 }.isEmpty)
        await service.finish()
    }
}
