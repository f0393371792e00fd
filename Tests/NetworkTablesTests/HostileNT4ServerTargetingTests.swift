import Foundation
import Synchronization
import TestSupport
import Testing

/// The real `targeting` executable against each attack of ``FakeNT4Server``: it never crashes, keeps processing
/// frames and keeps answering status while its NetworkTables server attacks it.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct HostileNT4ServerTargetingTests {
    @Test(arguments: FakeNT4Server.Attack.allCases)
    func targetingKeepsRunningAndAnswering(_ attack: FakeNT4Server.Attack) async throws {
        let server = try await FakeNT4Server.start(.attack(attack))
        let control = try FreePort.endpoint()
        let targeting = try ChildProcess(
            try Project.executable("targeting"),
            [
                "--control", control, "--set", "results.connect=[\"\(try FreePort.endpoint())\"]",
                "--set", "networktables.server.enabled=true", "--set", "networktables.server.server_host=127.0.0.1",
                "--set", "networktables.server.port=\(server.port)",
                "--set", "networktables.photonvision.time_sync_port=0",
            ]
        )
        defer { targeting.kill() }
        let attacked = await waitUntil(timeout: .seconds(20)) { server.connections.withLock { $0 } >= 1 }
        // The attack runs for 3 s past the first connection; then the service must still process and answer.
        try await Task.sleep(for: .seconds(3))
        await server.stop()
        #expect(attacked, "targeting never connected to the hostile server: \(targeting.errorOutput.suffix(1500))")
        #expect(targeting.isRunning, "\(attack): targeting died: \(targeting.errorOutput.suffix(3000))")
        let status = try await ChildProcess.run(
            try Project.executable("control"), ["status", "--json", "--endpoint", control], timeout: .seconds(20)
        )
        #expect(status.status == 0, "\(attack): no status answer: \(status.output)")
        let fps = status.output.range(of: #""fps"\s*:\s*([0-9.]+)"#, options: .regularExpression)
            .map { Double(status.output[$0].split(separator: ":").last!.trimmingCharacters(in: .whitespaces)) ?? 0 } ?? 0
        print("hostile NT4 server (\(attack)): targeting alive, \(fps) fps, \(server.connections.withLock { $0 }) connections")
        #expect(fps > 5, "\(attack): targeting stopped processing frames: \(status.output)")
        #expect(await targeting.stop() == 0, "\(attack): a clean stop after the attack")
    }
}
