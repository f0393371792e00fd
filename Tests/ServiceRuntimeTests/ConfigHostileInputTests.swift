import Foundation
import ServiceRuntime
import Testing

/// Hostile configuration documents: alias bombs, deep nesting and absurd numbers give a clear ``ConfigError``
/// quickly, with bounded memory, never a trap.
struct ConfigHostileInputTests {
    let loader = ConfigLoader<SampleConfiguration>(environmentPrefix: "SAMPLE")

    func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).yml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The classic "billion laughs": nine levels of ten aliases each, 10^9 strings once expanded.
    static let billionLaughs: String = {
        var lines = ["service:", "  name: sample", "lol0: &lol0 \"lol\""]
        for level in 1...9 {
            let items = Array(repeating: "*lol\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("lol\(level): &lol\(level) [\(items)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    static func residentKiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let value = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { throw ConfigError.invalid("no VmRSS in /proc/self/status") }
        return value
    }

    @Test func aliasBombIsRefusedQuicklyWithBoundedMemory() throws {
        let path = try self.file(Self.billionLaughs)
        let before = try Self.residentKiB()
        let clock = ContinuousClock()
        let start = clock.now
        var caught: ConfigError?
        do {
            _ = try self.loader.load(file: path, environment: [:], overrides: [])
        } catch {
            caught = error
        }
        let elapsed = clock.now - start
        let growth = try Self.residentKiB() - before
        print("alias bomb refused in \(elapsed), RSS growth \(growth) KiB: \(caught.map { "\($0)" } ?? "no error")")
        guard case .syntax(let source, let reason) = caught else {
            Issue.record("expected a syntax error, got \(String(describing: caught))")
            return
        }
        #expect(source == path)
        #expect(reason.contains("alias"))
        #expect(elapsed < .seconds(1))
        #expect(growth < 64 * 1024)
    }

    @Test func aliasBombInAnOverrideIsRefusedToo() {
        let bomb = "[&a [x, x, x, x, x, x, x, x], [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a], "
            + Array(repeating: "[*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", count: 12).joined(separator: ", ") + "]"
        #expect(throws: ConfigError.self) {
            _ = try self.loader.load(file: nil, environment: [:], overrides: ["results.connect=\(bomb)"])
        }
    }

    @Test func aFewAliasesStillWork() throws {
        let path = try self.file("results:\n  connect: &endpoints [\"tcp://a:1\"]\ncameras:\n  - {name: x, fps: 5}\n")
        let config = try self.loader.load(file: path, environment: [:], overrides: [])
        #expect(config.results.connect == ["tcp://a:1"])
    }

    @Test func deepNestingIsRefused() throws {
        let path = try self.file("results:\n  note: " + String(repeating: "[", count: 100_000) + "\n")
        #expect {
            _ = try self.loader.load(file: path, environment: [:], overrides: [])
        } throws: { error in
            guard case .syntax(_, let reason) = error as? ConfigError else { return false }
            return reason.contains("nested")
        }
    }

    @Test(arguments: [".inf", "-.inf", ".nan", ".NaN", "1e400", "-1", "1e300", "86401"])
    func absurdDurationsNameTheKey(_ value: String) throws {
        let path = try self.file("service:\n  shutdown_timeout_seconds: \(value)\n")
        let layers: [(file: String?, environment: [String: String], overrides: [String])] = [
            (path, [:], []),
            (nil, ["SAMPLE__SERVICE__SHUTDOWN_TIMEOUT_SECONDS": value], []),
            (nil, [:], ["service.shutdown_timeout_seconds=\(value)"]),
        ]
        for layer in layers {
            #expect {
                _ = try self.loader.load(file: layer.file, environment: layer.environment, overrides: layer.overrides)
            } throws: { error in
                guard case .badValue(let key, let reason) = error as? ConfigError else { return false }
                return key == "service.shutdown_timeout_seconds" && !reason.isEmpty
            }
        }
    }

    @Test(arguments: [".inf", ".nan", "1e400"])
    func nonFiniteNumbersAreRefusedInAnyKey(_ value: String) throws {
        let path = try self.file("cameras:\n  - name: front\n    fps: \(value)\n")
        #expect {
            _ = try self.loader.load(file: path, environment: [:], overrides: [])
        } throws: { error in
            guard case .badValue(let key, let reason) = error as? ConfigError else { return false }
            return key == "cameras.0.fps" && reason.contains("finite")
        }
    }

    @Test func quotedTextThatLooksLikeANumberIsLeftToTheType() throws {
        let path = try self.file("results:\n  note: \".inf\"\n")
        #expect(try self.loader.load(file: path, environment: [:], overrides: []).results.note == ".inf")
    }

    @Test func sensibleDurationsStillLoad() throws {
        let path = try self.file("service:\n  shutdown_timeout_seconds: 86400\n")
        #expect(try self.loader.load(file: path, environment: [:], overrides: []).service.shutdownTimeoutSeconds == 86400)
    }
}
