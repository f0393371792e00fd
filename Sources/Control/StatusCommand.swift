import ArgumentParser
import Bus
import Foundation

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each service's state, pid, uptime and reported figures.",
        discussion: "Exits 1 if any addressed service did not answer."
    )

    @OptionGroup var selection: TargetSelection

    @Option(help: "Seconds to wait for all answers.")
    var timeout: Double = 2

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let targets = try self.selection.targets()
        let client = ControlClient(sender: "control-cli", options: .init(timeoutMilliseconds: Int(self.timeout * 1000)))
        let outcomes = await client.status(targets.map(\.endpoint))
        let report = zip(targets, outcomes).map { target, outcome in
            OutcomeReport(name: target.name, endpoint: target.endpoint, outcome: outcome)
        }
        if self.json {
            print(OutcomeReport.json(report, key: "services"))
        } else {
            for line in report { print(line.statusLine) }
        }
        if report.contains(where: { !$0.replied }) { throw ExitCode.failure }
    }
}
