import Foundation
import TestSupport
import Testing

/// `control tap` on a real targeting service with its results mirror on: one line per result, figures with --hz,
/// a clean end on SIGTERM, and the queue's consumer still getting its results.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct TapIntegrationTests {
    /// A targeting service (demo camera) publishing to `results` with its tap on `tap`.
    static func targeting(results: String, tap: String) async throws -> ChildProcess {
        let targeting = try ChildProcess(
            try Project.executable("targeting"),
            [
                "--control", try FreePort.endpoint(), "--set", "results.connect=[\"\(results)\"]",
                "--set", "results.tap_endpoint=\(tap)",
            ]
        )
        #expect(await targeting.waitForOutput("results mirrored for control tap"))
        #expect(await targeting.waitForOutput("control channel listening"))
        return targeting
    }

    @Test func tapPrintsEachResultAndASummaryAndStopsAtItsCount() async throws {
        let tap = try FreePort.endpoint()
        let targeting = try await Self.targeting(results: try FreePort.endpoint(), tap: tap)
        let run = try await ChildProcess.run(
            try Project.executable("control"), ["tap", tap, "--count", "10"], timeout: .seconds(30)
        )
        #expect(run.status == 0, "control tap failed: \(run.output) \(run.errorOutput)")
        let lines = run.output.split(separator: "\n").map(String.init)
        let results = lines.filter { $0.hasPrefix("#") }
        #expect(results.count == 10)
        // The demo scene: one 2019 target per frame, with its pose and the pipeline latency.
        #expect(results.allSatisfy { $0.contains(" reflective2019 targets ") && $0.contains(" latency ") })
        #expect(results.filter { $0.contains(" targets 1  best id -1 yaw ") && $0.contains(" m  latency ") }.count >= 8)
        #expect(lines.last?.hasPrefix("summary \(tap): rate ") == true)
        #expect(await targeting.stop() != nil)
    }

    @Test func hzPrintsFiguresOnceASecondAndSigtermEndsItCleanly() async throws {
        let tap = try FreePort.endpoint()
        let targeting = try await Self.targeting(results: try FreePort.endpoint(), tap: tap)
        let control = try ChildProcess(try Project.executable("control"), ["tap", tap, "--hz"], mergeErrors: false)
        let first = await control.waitForLine(timeout: .seconds(15)) { $0.hasPrefix("rate ") }
        let second = await control.waitForLine(timeout: .seconds(15)) { $0.hasPrefix("rate ") && $0 != first }
        #expect(first != nil && second != nil, "no figures: \(control.output) \(control.errorOutput)")
        #expect(first?.contains("latency median ") == true && first?.contains(" p95 ") == true)
        #expect(!control.output.contains("#"), "--hz printed results")
        control.kill(SIGTERM)
        #expect(await control.waitForExit(timeout: .seconds(5)) == 0)
        #expect(control.lines.last?.hasPrefix("summary ") == true)
        #expect(await targeting.stop() != nil)
    }

    @Test func tapByServiceNameFromTheStackAndAServiceWithoutTapIsAClearError() async throws {
        let tap = try FreePort.endpoint()
        let targeting = try await Self.targeting(results: try FreePort.endpoint(), tap: tap)
        let named = try await ChildProcess.run(
            try Project.executable("control"),
            ["tap", "targeting", "--count", "3", "--set", "services=[{name: targeting, control: \"tcp://127.0.0.1:1\", executable: targeting, tap: \"\(tap)\"}]"],
            timeout: .seconds(30)
        )
        #expect(named.status == 0, "\(named.output) \(named.errorOutput)")
        #expect(named.output.split(separator: "\n").filter { $0.hasPrefix("#") }.count == 3)
        let without = try await ChildProcess.run(try Project.executable("control"), ["tap", "camstreamer"], timeout: .seconds(30))
        #expect(without.status == 2)
        #expect(without.output.contains("results.tap_endpoint"))
        #expect(await targeting.stop() != nil)
    }
}
