import Bus
import Logging
import ServiceLifecycle
import ServiceRuntime
import WireFormat

/// Receives targeting results and reports how fresh they are; the overlays read ``MessageSubscription/latest``.
struct ResultsMonitor: Service, CustomStringConvertible {
    var description: String { "ResultsMonitor" }

    let subscription: MessageSubscription
    let staleAfterSeconds: Double
    let logger: Logger

    func run() async {
        switch self.subscription.mode {
        case .queue:
            for await message in self.subscription.messages.cancelOnGracefulShutdown() {
                self.logger.trace("result", metadata: ["sequence": "\(message.header.sequence)"])
            }
        case .latest:
            var wasFresh = false
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(250)) }
                let isFresh = self.subscription.latest.map { $0.age < self.staleAfterSeconds } ?? false
                if isFresh != wasFresh {
                    if isFresh {
                        self.logger.info("targeting results arriving")
                    } else {
                        self.logger.warning("no fresh targeting results", metadata: ["stale_after_s": "\(self.staleAfterSeconds)"])
                    }
                    wasFresh = isFresh
                }
            }
        }
        await self.subscription.stop()
    }

    /// Figures for status: results received, malformed, lost, and the newest one's age.
    static func figures(_ subscription: MessageSubscription) -> [ServiceStatus.Figure] {
        let counters = subscription.counters
        var figures: [ServiceStatus.Figure] = [
            .init(name: "results_received", value: Double(counters.received)),
            .init(name: "results_malformed", value: Double(counters.malformed)),
            .init(name: "results_gaps", value: Double(counters.gaps)),
            .init(name: "results_dropped", value: Double(counters.dropped)),
        ]
        if let latest = subscription.latest {
            figures.append(.init(name: "result_age_ms", value: latest.age * 1000))
        }
        return figures
    }
}
