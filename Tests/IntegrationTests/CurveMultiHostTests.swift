import Foundation
import TestSupport
import Testing

/// CURVE across hosts (a network namespace each, ``TestHosts``): targeting's results reach camstreamer over CURVE,
/// an operator host stops both with its key, and an intruder host with an unlisted key, or with no key, cannot stop,
/// query or inject: its handshakes are refused and both services keep running untouched.
@Suite(
    .serialized,
    .timeLimit(.minutes(2)),
    .enabled(if: TestHosts.available, "needs root and a working `ip netns` (iproute2) to give each service a host")
)
struct CurveMultiHostTests {
    static let peer = Project.repository.appendingPathComponent("Tests/IntegrationTests/peers/curve_peer.py").path

    /// `curve_peer.py probe` run on `host`: the handshake events it saw and whether anything answered.
    static func probe(_ arguments: [String], on host: TestHosts.Host, in network: TestHosts) async throws
        -> (events: [String], answered: Bool)
    {
        let run = try await network.run(on: host, "python3", [Self.peer, "probe"] + arguments, timeout: .seconds(20))
        guard run.status == 0, let line = run.output.split(separator: "\n").last,
            let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { throw TestFailure("curve_peer.py probe failed: \(run.output)") }
        return (json["events"] as? [String] ?? [], !(json["reply"] is NSNull) && json["reply"] != nil)
    }

    @Test func onlyListedKeysStopQueryOrFeedTheServices() async throws {
        try Python.require(["zmq"])
        let keys = try await CurveKeys.make()
        defer { keys.remove() }
        let network = try TestHosts(count: 4)
        defer { network.remove() }
        let (targetingHost, streamerHost, operatorHost, intruder) = (network.hosts[0], network.hosts[1], network.hosts[2], network.hosts[3])
        let (targetingPort, streamerPort, resultsPort) = try (FreePort.allocate(), FreePort.allocate(), FreePort.allocate())
        let streamer = try network.start("camstreamer", on: streamerHost, [
            "--control", "tcp://*:\(streamerPort)", "--set", "results.bind=[\"tcp://*:\(resultsPort)\"]",
            "--set", "streaming.base_port=0",
        ] + keys.serviceArguments("camstreamer"))
        let targeting = try network.start("targeting", on: targetingHost, [
            "--control", "tcp://*:\(targetingPort)",
            "--set", "results.connect=[\"tcp://\(streamerHost.address):\(resultsPort)\"]",
        ] + keys.serviceArguments("targeting"))
        let targetingControl = "tcp://\(targetingHost.address):\(targetingPort)"
        let streamerControl = "tcp://\(streamerHost.address):\(streamerPort)"
        let results = "tcp://\(streamerHost.address):\(resultsPort)"
        let operatorKeys = [
            "--key", keys.secret("operator"), "--server-key", keys.pub("targeting"), "--server-key", keys.pub("camstreamer"),
        ]
        func logs() -> String { "targeting:\n\(targeting.output)\ncamstreamer:\n\(streamer.output)" }
        func figures() async throws -> [String: [String: Double]] {
            let run = try await network.control(
                on: operatorHost,
                ["status", "--json", "--timeout", "2", "--endpoint", targetingControl, "--endpoint", streamerControl] + operatorKeys
            )
            let json = try? JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
            let services = json?["services"] as? [String: [String: Any]] ?? [:]
            return services.compactMapValues { $0["figures"] as? [String: Double] }
        }

        // Results cross hosts over CURVE; the operator's key queries both services.
        let flowing = try await awaitValue(timeout: .seconds(20)) {
            try await figures()[streamerControl].flatMap { ($0["results_received"] ?? 0) > 0 ? $0 : nil }
        }
        let before = try #require(flowing, "no results reached camstreamer over CURVE:\n\(logs())")

        // The intruder: an unlisted key is refused by the ZAP handler on every socket; no key fails the handshake.
        for endpoint in [targetingControl, streamerControl] {
            let server = endpoint == targetingControl ? keys.pub("targeting") : keys.pub("camstreamer")
            let stranger = try await Self.probe(["pair", endpoint, server, keys.secret("stranger"), "1.5", "stop"], on: intruder, in: network)
            #expect(stranger.events.contains("HANDSHAKE_FAILED_AUTH") && !stranger.answered, "\(endpoint): \(stranger)")
            let plain = try await Self.probe(["pair", endpoint, "-", "-", "1", "stop"], on: intruder, in: network)
            #expect(!plain.events.contains("HANDSHAKE_SUCCEEDED") && !plain.answered, "\(endpoint): \(plain)")
        }
        let injectStranger = try await Self.probe(
            ["push", results, keys.pub("camstreamer"), keys.secret("stranger"), "1.5"], on: intruder, in: network
        )
        #expect(injectStranger.events.contains("HANDSHAKE_FAILED_AUTH"), "\(injectStranger)")
        let injectPlain = try await Self.probe(["push", results, "-", "-", "1"], on: intruder, in: network)
        #expect(!injectPlain.events.contains("HANDSHAKE_SUCCEEDED"), "\(injectPlain)")
        let refused = try await network.control(
            on: intruder,
            ["stop", "--endpoint", targetingControl, "--key", keys.secret("stranger"), "--server-key", keys.pub("targeting")]
        )
        #expect(refused.status == 1 && refused.output.contains("REFUSED"), "\(refused.output)")

        // Nothing got through: both still run, camstreamer counted no malformed result (the junk would be), and the
        // ZAP handlers counted the refusals.
        let after = try await figures()
        #expect(targeting.isRunning && streamer.isRunning, "an intruder stopped a service:\n\(logs())")
        #expect(after[streamerControl]?["results_malformed"] == before["results_malformed"], "\(after)")
        #expect((after[streamerControl]?["auth_refused"] ?? 0) >= 2, "\(after)")
        #expect((after[targetingControl]?["auth_refused"] ?? 0) >= 2, "\(after)")

        // The operator's key stops both.
        let stop = try await network.control(
            on: operatorHost, ["stop", "--endpoint", targetingControl, "--endpoint", streamerControl] + operatorKeys
        )
        #expect(stop.status == 0, "\(stop.output)")
        for service in [targeting, streamer] {
            #expect(await service.waitForExit(timeout: .seconds(10)) == 0, "\(service.name):\n\(service.output)")
            #expect(service.output.contains("key=operator"), "\(service.output)")
        }
        print("CurveMultiHostTests: intruder handshakes refused (\(injectStranger.events)), control said: \(refused.output.split(separator: "\n").first ?? "")")
    }
}
