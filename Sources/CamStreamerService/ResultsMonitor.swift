public import Bus
public import Logging
public import ServiceLifecycle
public import Streaming
public import WireFormat

/// Receives targeting results into the one ``Streaming/LatestTargeting`` and reports how fresh they are: a log
/// line when results start or stop arriving fresh, and figures for status. Staleness is
/// ``Streaming/LatestTargeting``'s decision.
public struct ResultsMonitor: Service, CustomStringConvertible {
    public var description: String { "ResultsMonitor" }

    let subscription: MessageSubscription
    let targeting: LatestTargeting
    let logger: Logger

    /// Watches `targeting`, which `subscription` feeds, and stops `subscription` when the service group stops.
    public init(subscription: MessageSubscription, targeting: LatestTargeting, logger: Logger) {
        self.subscription = subscription
        self.targeting = targeting
        self.logger = logger
    }

    /// Opens the results subscription, storing every targeting result it receives in `targeting`. In `latest` mode
    /// the receiver checks every waiting frame and only the newest is decoded.
    /// - Throws: ``Bus/BusError`` if the socket cannot be opened or an endpoint bound.
    public static func subscribe(
        endpoints: Endpoints,
        security: SocketSecurity = .none,
        mode: ConsumerMode,
        into targeting: LatestTargeting,
        logger: Logger
    ) throws(BusError) -> MessageSubscription {
        try MessageSubscription(endpoints: endpoints, mode: mode, logger: logger, security: security) { view, receivedAt in
            guard view.type == .targetingResult,
                case .targetingResult(let result)? = try? view.decode().payload
            else { return }
            targeting.update(result, receivedAt: receivedAt)
        }
    }

    public func run() async {
        switch self.subscription.mode {
        case .queue:
            for await message in self.subscription.messages.cancelOnGracefulShutdown() {
                self.logger.trace("result", metadata: ["sequence": "\(message.header.sequence)"])
            }
        case .latest:
            var wasFresh = false
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(250)) }
                let isFresh = self.targeting.current().map { !$0.isStale } ?? false
                if isFresh != wasFresh {
                    if isFresh {
                        self.logger.info("targeting results arriving")
                    } else {
                        self.logger.warning(
                            "no fresh targeting results",
                            metadata: ["stale_after_s": "\(self.targeting.staleAfterSeconds)"]
                        )
                    }
                    wasFresh = isFresh
                }
            }
        }
        await self.subscription.stop()
    }

    /// Figures for status: results received, malformed, lost, and the newest one's age.
    public func figures() -> [ServiceStatus.Figure] {
        let counters = self.subscription.counters
        var figures: [ServiceStatus.Figure] = [
            .init(name: "results_received", value: Double(counters.received)),
            .init(name: "results_malformed", value: Double(counters.malformed)),
            .init(name: "results_gaps", value: Double(counters.gaps)),
            .init(name: "results_dropped", value: Double(counters.dropped)),
        ]
        if let latest = self.targeting.current() {
            figures.append(.init(name: "result_age_ms", value: latest.ageSeconds * 1000))
            figures.append(.init(name: "result_targets", value: Double(latest.result.targets.count)))
        }
        return figures
    }
}
