import ArgumentParser
import Bus
import Logging
import ServiceLifecycle
import ServiceRuntime

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
        let runtime = try ServiceRuntime(section: config.service)
        let worker = TargetingWorker(config: config, runtime: runtime)
        do {
            try await runtime.run([worker])
        } catch {
            runtime.logger.error("\(error)")
            throw ExitCode.failure
        }
    }
}
