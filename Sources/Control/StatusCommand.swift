import ArgumentParser
import Supervision

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

    func validate() throws {
        guard self.timeout > 0, self.timeout <= 600 else { throw ValidationError("--timeout must be in (0, 600] seconds") }
    }

    func run() async throws {
        let report = try await self.selection.request(stop: false, timeoutSeconds: self.timeout)
        print(OutcomeReport.text(report, json: self.json, stop: false))
        if report.contains(where: { !$0.replied }) { throw ExitCode.failure }
    }
}
