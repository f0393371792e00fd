import ArgumentParser
import TargetingService

@main
struct TargetingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targeting",
        abstract: "Find the vision target in camera frames and publish each result to the robot and the streamer.",
        subcommands: [RunCommand.self, EvalCommand.self, ReplayCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
