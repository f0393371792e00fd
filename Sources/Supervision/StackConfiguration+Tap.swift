public import ServiceRuntime

extension StackConfiguration {
    /// The endpoint `control tap TARGET` connects to: `target` itself when it is an endpoint (`tcp://host:5806`),
    /// otherwise the `tap` of the stack's service of that name.
    /// - Throws: ``ServiceRuntime/ConfigError/invalid(_:)`` for an unknown service or one without a tap.
    public func tapEndpoint(for target: String) throws(ConfigError) -> String {
        if target.contains("://") { return target }
        guard let entry = try self.entries(named: [target]).first else { throw .invalid("no service `\(target)`") }
        guard !entry.tap.isEmpty else {
            throw .invalid(
                "service `\(target)` has no `tap` endpoint in the stack; set it (and the service's "
                    + "results.tap_endpoint) or give the endpoint, e.g. control tap tcp://127.0.0.1:5806"
            )
        }
        return entry.tap
    }
}
