import ArgumentParser
import ServiceRuntime
import TargetingService

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the targeting service (the default).",
        discussion: """
            Configuration precedence: built-in defaults < --config FILE < TARGETING__SECTION__KEY environment \
            variables < --set section.key=value. See services/targeting.yml for every key.
            """
    )

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let config = try ServiceLauncher.configuration(
            TargetingConfiguration.self,
            options: self.options,
            environmentPrefix: "TARGETING"
        )
        guard await TargetingAssembly.run(config) else { throw ExitCode.failure }
    }
}
