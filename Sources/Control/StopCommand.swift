import ArgumentParser
import Foundation
import Supervision

struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Ask services to stop, and wait for each to acknowledge.",
        discussion: """
            Exits 0 only when every addressed service acknowledged; otherwise names the ones that did not and \
            exits 1. It never waits longer than --timeout.
            """
    )

    @OptionGroup var selection: TargetSelection

    @Option(help: "Seconds to wait for all acknowledgements.")
    var timeout: Double = 3

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    func validate() throws {
        guard self.timeout > 0, self.timeout <= 600 else { throw ValidationError("--timeout must be in (0, 600] seconds") }
    }

    func run() async throws {
        let report = try await self.selection.request(stop: true, timeoutSeconds: self.timeout)
        print(OutcomeReport.text(report, json: self.json, stop: true))
        let missing = report.filter { !$0.replied }.map(\.name)
        if !missing.isEmpty {
            FileHandle.standardError.write(Data("error: no acknowledgement from \(missing.joined(separator: ", "))\n".utf8))
            throw ExitCode.failure
        }
    }
}
