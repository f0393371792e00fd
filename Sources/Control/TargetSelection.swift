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

    @Option(help: ArgumentHelp("Your CURVE key pair (NAME.key; default: the stack's security.secret_key_file).", valueName: "file"))
    var key: String?

    @Option(
        name: .customLong("server-key"),
        help: ArgumentHelp(
            "The public key (NAME.pub) of the service at --endpoint: one for all, or one per --endpoint in order.",
            valueName: "file"
        )
    )
    var serverKeys: [String] = []

    @Argument(help: "Services of the stack to address (default: all).")
    var names: [String] = []

    /// Sends a stop (`stop: true`) or a status request to every target and pairs each answer with its target.
    func request(stop: Bool, timeoutSeconds: Double) async throws -> [OutcomeReport] {
        let stack = try ServiceLauncher.configuration(StackConfiguration.self, options: self.common, environmentPrefix: "CONTROL")
        let selection = ServiceLauncher.orFail { () throws(ConfigError) in
            try ControlTargets(
                stack: stack, names: self.names, endpoints: self.endpoints, serverKeyFiles: self.serverKeys, keyFile: self.key
            )
        }
        let client = ControlClient(
            sender: "control-cli", options: .init(timeoutMilliseconds: Int(timeoutSeconds * 1000)), security: selection.security
        )
        let endpoints = selection.targets.map(\.endpoint)
        let outcomes = stop ? await client.stop(endpoints) : await client.status(endpoints)
        return zip(selection.targets, outcomes).map { target, outcome in
            OutcomeReport(name: target.name, endpoint: target.endpoint, outcome: outcome)
        }
    }
}
