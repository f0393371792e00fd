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
        let runtime = ServiceLauncher.runtime(for: config)
        let calibration: CameraCalibration?
        do {
            calibration = try config.loadCalibration()
        } catch {
            ServiceLauncher.fail("\(error)")
        }
        let counters = ChannelCounters()
        let sender: MessageSender
        let mirror: MessageMirror?
        let localizer: FieldPoseLocalizer?
        let channel: (endpoints: Endpoints, security: SocketSecurity)
        do {
            channel = try runtime.security.results(config.results.endpoints)
        } catch {
            ServiceLauncher.fail(error.description)
        }
        do {
            sender = try config.makeSender(counters: counters, channel: channel)
            mirror = try config.makeMirror(security: runtime.security)
        } catch {
            ServiceLauncher.fail("cannot open the results channel: \(error)")
        }
        if let mirror {
            runtime.logger.info("results mirrored for control tap", metadata: ["tap": "\(mirror.boundEndpoint)"])
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
            photon = try config.makePhotonPublisher(client: client, calibration: calibration, logger: runtime.logger)
        } catch {
            ServiceLauncher.fail("cannot publish the NetworkTables topics: \(error)")
        }
        let worker = TargetingWorker(
            config: config,
            calibration: calibration,
            sender: Handoff(sender),
            mirror: Handoff(mirror),
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
            try await runtime.run([client] + (photon?.timeSync.map { [$0] } ?? []) + [worker])
        } catch {
            runtime.logger.error("\(error)")
            throw ExitCode.failure
        }
    }
}
