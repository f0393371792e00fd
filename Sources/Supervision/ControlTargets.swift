public import Bus
public import ServiceRuntime

/// The services one `control stop|status` request addresses, and the CURVE settings that reach each of them.
public struct ControlTargets: Sendable {
    /// One addressed service: its name in the stack (or its endpoint when given by `--endpoint`) and endpoint.
    public struct Target: Sendable, Hashable {
        public var name: String
        public var endpoint: String
    }

    public let targets: [Target]
    /// Client security per endpoint; an endpoint without an entry is reached without CURVE.
    public let security: [String: SocketSecurity]

    /// Resolves the targets from `stack`: by service `names` (all when empty), or by explicit `endpoints` with
    /// their `serverKeyFiles` (one for all, or one per endpoint). `keyFile` overrides the stack's
    /// `security.secret_key_file`.
    /// - Throws: ``ServiceRuntime/ConfigError`` naming the flag, key or file to fix.
    public init(
        stack: StackConfiguration,
        names: [String],
        endpoints: [String],
        serverKeyFiles: [String],
        keyFile: String?
    ) throws(ConfigError) {
        let keyFile = keyFile ?? stack.security.secretKeyFile
        let resolved: [(target: Target, serverKeyFile: String)]
        if !endpoints.isEmpty {
            guard names.isEmpty else { throw .invalid("give either service names or --endpoint, not both") }
            resolved = try ControlKeys.pair(endpoints: endpoints, serverKeyFiles: serverKeyFiles).map {
                (Target(name: $0.endpoint, endpoint: $0.endpoint), $0.file)
            }
        } else {
            guard serverKeyFiles.isEmpty else {
                throw .invalid("--server-key goes with --endpoint (the stack names each service's key)")
            }
            resolved = try stack.entries(named: names).map {
                (Target(name: $0.name, endpoint: $0.control), $0.serverKeyFile)
            }
        }
        self.targets = resolved.map(\.target)
        self.security = try ControlKeys.security(
            secretKeyFile: keyFile, serverKeyFiles: resolved.map { ($0.target.endpoint, $0.serverKeyFile) }
        )
    }
}
