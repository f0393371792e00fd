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

    /// `(name, endpoint, server key file)` of each target, and the key pair to use.
    func targets() throws -> (targets: [(name: String, endpoint: String, serverKeyFile: String)], keyFile: String) {
        let stack = try ServiceLauncher.configuration(StackConfiguration.self, options: self.common, environmentPrefix: "CONTROL")
        let keyFile = self.key ?? stack.security.secretKeyFile
        if !self.endpoints.isEmpty {
            guard self.names.isEmpty else { ServiceLauncher.fail("give either service names or --endpoint, not both") }
            let pairs = ServiceLauncher.orFail { () throws(ConfigError) in try ControlKeys.pair(endpoints: self.endpoints, serverKeyFiles: self.serverKeys) }
            return (pairs.map { ($0.endpoint, $0.endpoint, $0.file) }, keyFile)
        }
        guard self.serverKeys.isEmpty else { ServiceLauncher.fail("--server-key goes with --endpoint (the stack names each service's key)") }
        do {
            return (try stack.entries(named: self.names).map { ($0.name, $0.control, $0.serverKeyFile) }, keyFile)
        } catch {
            ServiceLauncher.fail(error.description)
        }
    }

    /// Sends a stop (`stop: true`) or a status request to every target and pairs each answer with its target.
    func request(stop: Bool, timeoutSeconds: Double) async throws -> [OutcomeReport] {
        let (targets, keyFile) = try self.targets()
        let security = ServiceLauncher.orFail { () throws(ConfigError) in
            try ControlKeys.security(secretKeyFile: keyFile, serverKeyFiles: targets.map { ($0.endpoint, $0.serverKeyFile) })
        }
        let client = ControlClient(
            sender: "control-cli", options: .init(timeoutMilliseconds: Int(timeoutSeconds * 1000)), security: security
        )
        let endpoints = targets.map(\.endpoint)
        let outcomes = stop ? await client.stop(endpoints) : await client.status(endpoints)
        return zip(targets, outcomes).map { target, outcome in
            OutcomeReport(name: target.name, endpoint: target.endpoint, outcome: outcome)
        }
    }
}
