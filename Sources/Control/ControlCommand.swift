import ArgumentParser

@main
struct ControlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "control",
        abstract: "Start, watch, query and stop the robot vision services.",
        discussion: """
            The services are listed in a stack file (default: built-in local stack; see services/stack.yml).
            `control stop` and `control status` talk to each service's control endpoint directly, so they work
            from any terminal or host, with or without a running supervisor.
            """,
        subcommands: [UpCommand.self, StopCommand.self, StatusCommand.self, TapCommand.self, KeygenCommand.self]
    )
}
