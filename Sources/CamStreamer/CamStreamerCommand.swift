import ArgumentParser
import Bus
import Logging
import ServiceLifecycle
import ServiceRuntime

@main
struct CamStreamerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camstreamer",
        abstract: "Stream the robot's cameras to the driver station with overlays from the newest targeting result.",
        discussion: """
            Configuration precedence: built-in defaults < --config FILE < CAMSTREAMER__SECTION__KEY environment \
            variables < --set section.key=value. See services/camstreamer.yml for every key.
            """
    )

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let config = try ServiceLauncher.configuration(
            CamStreamerConfiguration.self,
            options: self.options,
            environmentPrefix: "CAMSTREAMER"
        )
        let runtime = try ServiceRuntime(section: config.service)
        let subscription: MessageSubscription
        do {
            subscription = try MessageSubscription(
                endpoints: config.results.endpoints,
                mode: config.results.consumerMode,
                logger: runtime.logger
            )
        } catch {
            ServiceLauncher.fail("cannot open the results channel: \(error)")
        }
        runtime.logger.info(
            "receiving targeting results",
            metadata: ["endpoint": "\(subscription.boundEndpoint)", "mode": "\(config.results.mode)"]
        )
        runtime.status.report { ResultsMonitor.figures(subscription) }
        let monitor = ResultsMonitor(
            subscription: subscription,
            staleAfterSeconds: config.results.staleAfterSeconds,
            logger: runtime.logger
        )
        runtime.status.markReady()
        do {
            try await runtime.run([monitor])
        } catch {
            runtime.logger.error("\(error)")
            throw ExitCode.failure
        }
    }
}
