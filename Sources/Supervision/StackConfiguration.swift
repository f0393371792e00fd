public import ServiceRuntime

/// The stack file (`services/stack.yml`): the supervisor's own `service` section and the services it knows.
public struct StackConfiguration: ServiceConfiguration {
    /// One service of the stack.
    public struct Entry: Codable, Sendable, Hashable {
        /// The service's name, as in its own config (`targeting`).
        public var name: String
        /// Its stop channel endpoint as reached from here, e.g. `tcp://127.0.0.1:5801` or `tcp://jetson:5801`.
        public var control: String
        /// Where it runs: `local` services are started by `control up`; any other host is only stopped and queried.
        public var host: String
        /// Program to start (a name on PATH, or a path), for `local` services.
        public var executable: String
        /// Its arguments, e.g. `["--config", "services/targeting.yml"]`.
        public var arguments: [String]
        /// Seconds it gets to acknowledge a stop and exit before SIGTERM, then SIGKILL.
        public var gracePeriodSeconds: Double
        /// When it is started again after it ends.
        public var restart: RestartPolicy
        /// Its results tap (targeting's `results.tap_endpoint`) as reached from here, for `control tap NAME`;
        /// empty: it has none.
        public var tap: String
        /// The service's public key file (`NAME.pub`), when it runs CURVE (`security` section).
        public var serverKeyFile: String

        public init(
            name: String,
            control: String,
            host: String = "local",
            executable: String,
            arguments: [String] = [],
            gracePeriodSeconds: Double = 3,
            restart: RestartPolicy = .onFailure,
            tap: String = "",
            serverKeyFile: String = ""
        ) {
            self.name = name
            self.control = control
            self.host = host
            self.executable = executable
            self.arguments = arguments
            self.gracePeriodSeconds = gracePeriodSeconds
            self.restart = restart
            self.tap = tap
            self.serverKeyFile = serverKeyFile
        }
    }

    /// How `control up` restarts crashed services.
    public struct Restarts: Codable, Sendable, Hashable {
        /// Wait before the first restart; doubles after each crash up to ``maxDelaySeconds``.
        public var initialDelaySeconds: Double = 0.5
        public var maxDelaySeconds: Double = 10
        /// More crashes than this within ``windowSeconds`` and the service is given up on (a crash loop).
        public var crashLimit: Int = 5
        public var windowSeconds: Double = 60

        public init() {}
    }

    /// The supervisor's own section; its shutdown covers the services' grace periods and the SIGTERM/SIGKILL steps.
    public var service = ServiceSection(name: "control", control: "tcp://127.0.0.1:5803", shutdownTimeoutSeconds: 30)
    public var restarts = Restarts()
    /// The operator's or supervisor's key pair (`secret_key_file`) for services that run CURVE, and the keys
    /// admitted on the supervisor's own control endpoint.
    public var security = SecuritySection()
    public var services: [Entry] = [
        Entry(name: "targeting", control: "tcp://127.0.0.1:5801", executable: "targeting", tap: "tcp://127.0.0.1:5806"),
        Entry(name: "camstreamer", control: "tcp://127.0.0.1:5802", executable: "camstreamer"),
    ]

    /// The longest delay, window or grace period accepted, in seconds (a day).
    static let longestWaitSeconds: Double = 86_400

    public init() {}

    public func validate() throws(ConfigError) {
        guard self.restarts.initialDelaySeconds > 0, self.restarts.maxDelaySeconds >= self.restarts.initialDelaySeconds,
            self.restarts.crashLimit >= 1, self.restarts.windowSeconds > 0
        else {
            throw .invalid("restarts: delays must be > 0 with max >= initial, crash_limit >= 1, window_seconds > 0")
        }
        let longest = Int(Self.longestWaitSeconds)
        guard self.restarts.maxDelaySeconds <= Self.longestWaitSeconds, self.restarts.windowSeconds <= Self.longestWaitSeconds
        else {
            throw .invalid("restarts: max_delay_seconds and window_seconds must be at most \(longest) (a day)")
        }
        var seen: Set<String> = []
        for entry in self.services {
            guard seen.insert(entry.name).inserted else { throw .invalid("service `\(entry.name)` is listed twice") }
            guard entry.control.contains("://") else {
                throw .invalid("services.\(entry.name).control `\(entry.control)` is not an endpoint like tcp://host:5801")
            }
            guard entry.gracePeriodSeconds > 0, entry.gracePeriodSeconds <= Self.longestWaitSeconds else {
                throw .invalid("services.\(entry.name).grace_period_seconds must be > 0 and at most \(longest)")
            }
        }
    }

    /// The entries named in `names` (all when empty).
    /// - Throws: ``ConfigError/invalid(_:)`` naming a service the stack does not have.
    public func entries(named names: [String]) throws(ConfigError) -> [Entry] {
        guard !names.isEmpty else { return self.services }
        return try names.map { (name) throws(ConfigError) -> Entry in
            guard let entry = self.services.first(where: { $0.name == name }) else {
                throw .invalid(
                    "no service `\(name)` in the stack; known: \(self.services.map(\.name).joined(separator: ", "))"
                )
            }
            return entry
        }
    }
}
