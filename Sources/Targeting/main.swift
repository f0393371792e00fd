import ArgumentParser

// Minimal root command on the vision branch so `targeting eval` can be run; the lead reconciles this at merge.
struct TargetingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targeting",
        abstract: "Camera targeting service.",
        subcommands: [EvalCommand.self]
    )
}

TargetingCommand.main()
