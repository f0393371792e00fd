import ArgumentParser
import Logging
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
        let runtime = ServiceLauncher.runtime(for: config)
        let targeting: TargetingAssembly
        do { targeting = try TargetingAssembly(config: config, runtime: runtime) } catch { ServiceLauncher.fail(error.description) }
        runtime.status.report { targeting.worker.figures() }
        runtime.status.markReady()
        do {
            try await runtime.run(targeting.services)
        } catch {
            runtime.logger.error("\(error)")
            throw ExitCode.failure
        }
    }
}
