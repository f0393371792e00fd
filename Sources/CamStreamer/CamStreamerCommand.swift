import ArgumentParser
import Bus
import CamStreamerService
import Logging
import NetworkTables
import ServiceLifecycle
import ServiceRuntime
import Streaming
import WireFormat

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
        // The one owner of the newest result: the overlays, the monitor and status read it.
        let targeting = LatestTargeting(staleAfterSeconds: config.results.staleAfterSeconds)
        let subscription: MessageSubscription
        do {
            subscription = try ResultsMonitor.subscribe(
                endpoints: config.results.endpoints,
                mode: config.results.consumerMode,
                into: targeting,
                logger: runtime.logger
            )
        } catch {
            ServiceLauncher.fail("cannot open the results channel: \(error)")
        }
        runtime.logger.info(
            "receiving targeting results",
            metadata: ["endpoint": "\(subscription.boundEndpoint)", "mode": "\(config.results.mode)"]
        )
        let monitor = ResultsMonitor(subscription: subscription, targeting: targeting, logger: runtime.logger)
        runtime.status.report { monitor.figures() }
        let streaming: StreamingService
        do {
            streaming = try StreamingService(configuration: config.streamingWithCameras, logger: runtime.logger)
        } catch {
            ServiceLauncher.fail("\(error)")
        }
        let client = NT4Client(configuration: config.networktables.server, logger: runtime.logger)
        let publishers: [CameraPublisherTable]
        do {
            publishers = config.networktables.server.enabled
                ? try config.cameras.map { camera throws(NetworkTablesError) in
                    try CameraPublisherTable(
                        client: client,
                        cameraName: camera.name,
                        configuration: config.networktables.cameraPublisher
                    )
                }
                : []
        } catch {
            ServiceLauncher.fail("cannot publish the NetworkTables topics: \(error)")
        }
        let cameras = CameraStreams(
            cameras: config.cameras,
            streaming: streaming,
            overlay: config.streaming.overlay,
            targeting: targeting,
            publishers: publishers,
            logger: runtime.logger
        )
        runtime.status.report { Self.streamFigures(streaming) }
        runtime.status.markReady()
        for server in streaming.configuration.serverConfigurations() {
            let host = server.host == "0.0.0.0" ? "localhost" : server.host
            runtime.logger.notice("streaming: open http://\(host):\(server.port)/ in a browser or dashboard")
        }
        do {
            // Order = start order; shutdown runs in reverse: cameras stop first, then the servers, NT4 last.
            try await runtime.run([client, streaming, monitor, cameras])
        } catch {
            runtime.logger.error("\(error)")
            throw ExitCode.failure
        }
    }

    /// Per-stream figures for status: clients, fps and bit rate.
    static func streamFigures(_ streaming: StreamingService) -> [ServiceStatus.Figure] {
        streaming.status().streams.flatMap { stream in
            [
                ServiceStatus.Figure(name: "\(stream.name)_clients", value: Double(stream.clients)),
                ServiceStatus.Figure(name: "\(stream.name)_fps", value: stream.framesSentPerSecond),
                ServiceStatus.Figure(name: "\(stream.name)_mbps", value: stream.megabitsSentPerSecond),
            ]
        }
    }
}
