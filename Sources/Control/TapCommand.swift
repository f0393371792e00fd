import ArgumentParser
import Foundation
import ServiceRuntime
import Supervision

struct TapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tap",
        abstract: "Print a service's results live, without taking them from its queue (like ros2 topic echo / hz).",
        discussion: "Needs the service's results mirror (targeting's results.tap_endpoint, off by default): docs/tap.md."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "A service of the stack that has a `tap` endpoint, or the endpoint itself (tcp://127.0.0.1:5806).")
    var target = "targeting"

    @Flag(help: "Print only the figures (rate, latency, gaps), once a second.")
    var hz = false

    @Option(help: "Stop after this many messages.")
    var count: Int?

    func validate() throws { if let count, count < 1 { throw ValidationError("--count must be at least 1") } }

    func run() async throws {
        let stack = try ServiceLauncher.configuration(StackConfiguration.self, options: self.common, environmentPrefix: "CONTROL")
        let endpoint = ServiceLauncher.orFail { () throws(ConfigError) in try stack.tapEndpoint(for: self.target) }
        TerminationFlag.install()
        let tap = ResultTap(endpoint: endpoint, mode: self.hz ? .rate : .echo, limit: self.count) { TerminationFlag.isRaised }
        let total = try await tap.run { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        print("summary \(endpoint): \(total.line)")
    }
}
