import ArgumentParser
import Bus
import Localization
import Logging
import NetworkTables
import ServiceLifecycle
import ServiceRuntime
import TargetingService
import Vision

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
        let calibration: CameraCalibration?
        do {
            calibration = try config.loadCalibration()
        } catch {
            ServiceLauncher.fail("\(error)")
        }
        let counters = ChannelCounters()
        let sender: MessageSender
        let localizer: FieldPoseLocalizer?
        do {
            sender = try config.makeSender(counters: counters)
        } catch {
            ServiceLauncher.fail("cannot open the results channel: \(error)")
        }
        do {
            localizer = try config.makeLocalizer(calibration: calibration)
        } catch {
            ServiceLauncher.fail("field: \(error)")
        }
        let client = NT4Client(configuration: config.networktables.server, logger: runtime.logger)
        let table: TargetingTablePublisher?
        let photon: PhotonCameraPublisher?
        do {
            table = try config.makeTablePublisher(client: client)
            photon = try config.makePhotonPublisher(client: client, calibration: calibration)
        } catch {
            ServiceLauncher.fail("cannot publish the NetworkTables topics: \(error)")
        }
        let worker = TargetingWorker(
            config: config,
            calibration: calibration,
            sender: Handoff(sender),
            localizer: Handoff(localizer),
            senderCounters: counters,
            table: table,
            photon: photon,
            recorder: try config.makeRecorder(client: client, calibration: calibration, logger: runtime.logger),
            logger: runtime.logger
        )
        runtime.status.report { worker.figures() }
        runtime.status.markReady()
        do {
            // The NetworkTables client comes first so it stops last, after the final result was published.
            try await runtime.run([client, worker])
        } catch {
            runtime.logger.error("\(error)")
            throw ExitCode.failure
        }
    }
}
