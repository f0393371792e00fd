public import ArgumentParser

/// The flags every service shares: its config file and overrides.
public struct CommonOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("The service's YAML config file.", valueName: "file"))
    public var config: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Override one setting, e.g. --set service.log_level=debug (repeatable; wins over file and environment).",
            valueName: "key=value"
        )
    )
    public var overrides: [String] = []

    @Option(help: ArgumentHelp("Shorthand for --set service.control=ENDPOINT.", valueName: "endpoint"))
    public var control: String?

    @Option(help: ArgumentHelp("Shorthand for --set service.log_level=LEVEL.", valueName: "level"))
    public var logLevel: String?

    @Flag(help: "Print the defaults as a config file and exit.")
    public var printDefaultConfig = false

    public init() {}

    /// All overrides, the shorthands first so an explicit `--set` wins.
    public var allOverrides: [String] {
        var result: [String] = []
        if let control { result.append("service.control=\(control)") }
        if let logLevel { result.append("service.log_level=\(logLevel)") }
        return result + self.overrides
    }
}
