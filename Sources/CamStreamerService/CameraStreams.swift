public import Logging
public import NetworkTables
public import ServiceLifecycle
public import Streaming
import Vision

/// Runs each camera on its own thread, feeding its stream with overlays from the newest targeting result,
/// and announces the streams to dashboards over NetworkTables.
public struct CameraStreams: Service, CustomStringConvertible {
    public var description: String { "CameraStreams" }

    let cameras: [CamStreamerConfiguration.Camera]
    let streaming: StreamingService
    let overlay: OverlayConfiguration
    let targeting: LatestTargeting
    let publishers: [CameraPublisherTable]
    let logger: Logger

    /// Creates the service; `targeting` feeds the overlay of every camera that has one.
    public init(
        cameras: [CamStreamerConfiguration.Camera],
        streaming: StreamingService,
        overlay: OverlayConfiguration,
        targeting: LatestTargeting,
        publishers: [CameraPublisherTable],
        logger: Logger
    ) {
        self.cameras = cameras
        self.streaming = streaming
        self.overlay = overlay
        self.targeting = targeting
        self.publishers = publishers
        self.logger = logger
    }

    public func run() async throws {
        var workers: [VisionWorker] = []
        for (camera, server) in zip(self.cameras, self.streaming.servers) {
            let hub = server.hub
            let overlay = camera.overlay ? OverlayRenderer(configuration: self.overlay) : nil
            let targeting = camera.overlay ? self.targeting : nil
            let logger = self.logger
            let worker = VisionWorker(name: "camera-\(camera.name)", source: camera.source) {
                let handler = try CameraStreamHandler(hub: hub, overlay: overlay, targeting: targeting, logger: logger)
                return handler.handle
            }
            worker.start()
            workers.append(worker)
        }
        for (camera, publisher) in zip(self.cameras, self.publishers) {
            do {
                try publisher.publish(
                    source: "\(camera.source.kind.rawValue):\(camera.source.location)",
                    streamPort: self.port(of: camera.name),
                    connected: true,
                    mode: "MJPEG"
                )
            } catch {
                self.logger.warning("cannot publish the camera to NetworkTables", metadata: ["error": "\(error)"])
            }
        }
        try? await gracefulShutdown()
        for worker in workers { worker.requestStop() }
        for worker in workers { await worker.stop() }
        for publisher in self.publishers { try? publisher.setConnected(false) }
    }

    private func port(of name: String) -> Int {
        let index = self.cameras.firstIndex { $0.name == name } ?? 0
        return self.streaming.configuration.serverConfigurations()[index].port
    }
}
