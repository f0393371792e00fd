import Logging
import NIOCore
import Streaming
import TestSupport

/// Starts an ``MJPEGServer`` on 127.0.0.1 with a free port and a producer at `fps`, runs `body`, then stops both.
func withStreamingServer<T: Sendable>(
    configuration: MJPEGServerConfiguration = MJPEGServerConfiguration(host: "127.0.0.1", port: 0),
    settings: StreamSettings = StreamSettings(quality: 80, framesPerSecond: 30, scale: 1),
    fps: Double = 30,
    width: Int = 640,
    height: Int = 480,
    produce: Bool = true,
    _ body: @escaping @Sendable (MJPEGServer, Int) async throws -> T
) async throws -> T {
    var configuration = configuration
    configuration.host = "127.0.0.1"
    let hub = FrameHub(name: "TestCam", maxClients: configuration.maxClients, settings: settings)
    var logger = Logger(label: "test.streaming")
    logger.logLevel = .warning
    let server = MJPEGServer(hub: hub, configuration: configuration, logger: logger)
    let port = try await server.start()
    do {
        let result = try await withThrowingTaskGroup(of: T?.self) { group in
            if produce {
                group.addTask {
                    try await runProducer(hub: hub, fps: fps, width: width, height: height)
                    return nil
                }
            }
            group.addTask { try await body(server, port) }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let value = next { return value }
            }
            throw TestFailure("test body did not finish")
        }
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}
