import ArgumentParser
import Bus
import ServiceRuntime
import Supervision

/// Which services a command addresses: from the stack file, by name, or by explicit endpoints.
struct TargetSelection: ParsableArguments {
    @OptionGroup var common: CommonOptions

    @Option(
        name: .customLong("endpoint"),
        help: ArgumentHelp("Address a service by its control endpoint instead of the stack (repeatable).", valueName: "endpoint")
    )
    var endpoints: [String] = []

    @Argument(help: "Services of the stack to address (default: all).")
    var names: [String] = []

    /// `(name, endpoint)` pairs to address.
    func targets() throws -> [(name: String, endpoint: String)] {
        if !self.endpoints.isEmpty {
            guard self.names.isEmpty else {
                ServiceLauncher.fail("give either service names or --endpoint, not both")
            }
            return self.endpoints.map { ($0, $0) }
        }
        let stack = try ServiceLauncher.configuration(StackConfiguration.self, options: self.common, environmentPrefix: "CONTROL")
        do {
            return try stack.entries(named: self.names).map { ($0.name, $0.control) }
        } catch {
            ServiceLauncher.fail(error.description)
        }
    }

    /// Sends a stop (`stop: true`) or a status request to every target and pairs each answer with its target.
    func request(stop: Bool, timeoutSeconds: Double) async throws -> [OutcomeReport] {
        let targets = try self.targets()
        let client = ControlClient(sender: "control-cli", options: .init(timeoutMilliseconds: Int(timeoutSeconds * 1000)))
        let endpoints = targets.map(\.endpoint)
        let outcomes = stop ? await client.stop(endpoints) : await client.status(endpoints)
        return zip(targets, outcomes).map { target, outcome in
            OutcomeReport(name: target.name, endpoint: target.endpoint, outcome: outcome)
        }
    }
}
