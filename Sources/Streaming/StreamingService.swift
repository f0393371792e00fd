import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// All of camstreamer's streams: one ``MJPEGServer`` and ``FrameHub`` per camera, plus the bandwidth budget loop
/// that adjusts every hub's settings once per ``BandwidthBudgetConfiguration/adjustIntervalSeconds``.
///
/// Add it to the executable's `ServiceGroup`; camera threads publish into ``hub(named:)``.
public final class StreamingService: Service, Sendable {
    /// The configuration the service was built from.
    public let configuration: StreamingConfiguration
    /// The servers, in the configuration's order; the first is the driver's camera.
    public let servers: [MJPEGServer]
    /// The connection caps shared by all servers.
    public let gate: ConnectionGate
    private let logger: Logger
    private let policy: Mutex<BandwidthBudgetPolicy>

    /// Builds the hubs and servers; nothing listens until ``run()``.
    /// - Throws: ``StreamingError/invalidConfiguration(_:)``.
    public init(
        configuration: StreamingConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "streaming")
    ) throws(StreamingError) {
        try configuration.validate()
        let policy = try BandwidthBudgetPolicy(configuration: configuration.budget)
        self.configuration = configuration
        self.logger = logger
        self.policy = Mutex(policy)
        let initial = configuration.budget.richestSettings
        // One gate for all streams: the caps are per service, and the first stream is the driver's.
        let gate = ConnectionGate(
            maxTotal: configuration.server.maxConnections,
            maxPerAddress: configuration.server.maxConnectionsPerAddress
        )
        self.gate = gate
        self.servers = zip(configuration.streams, configuration.serverConfigurations()).enumerated().map {
            index, pair in
            let (stream, serverConfiguration) = pair
            return MJPEGServer(
                hub: FrameHub(name: stream.name, maxClients: serverConfiguration.maxClients, settings: initial),
                configuration: serverConfiguration,
                gate: gate,
                isDriverStream: index == 0,
                eventLoopGroup: eventLoopGroup,
                logger: logger
            )
        }
    }

    /// The hub of the stream called `name`, or `nil`.
    public func hub(named name: String) -> FrameHub? {
        self.servers.first { $0.hub.name == name }?.hub
    }

    /// Current figures of every stream and the budget.
    public func status() -> StreamingStatus {
        StreamingStatus(
            streams: self.servers.map { $0.hub.statistics() },
            budget: self.policy.withLock { $0.status },
            connections: self.gate.statistics
        )
    }

    /// Runs one budget adjustment now: measures every hub, lets the policy decide and applies its settings.
    /// ``run()`` calls it periodically; tests and benchmarks may call it directly.
    @discardableResult
    public func adjustBudget() -> BudgetStatus {
        let measurements = self.servers.map { StreamMeasurement($0.hub.statistics()) }
        let (decisions, status) = self.policy.withLock { policy in
            let decisions = policy.update(measurements)
            return (decisions, policy.status)
        }
        var changed = false
        for server in self.servers {
            guard let settings = decisions[server.hub.name], settings != server.hub.settings else { continue }
            server.hub.settings = settings
            changed = true
        }
        let summary = status.streams.map {
            "\($0.name): \($0.clients) client(s) \($0.settings) allowance \(formatDecimal($0.allowanceBitsPerSecond / 1e6, digits: 2)) predicted \(formatDecimal($0.predictedBitsPerSecond / 1e6, digits: 2)) measured \(formatDecimal($0.measuredBitsPerSecond / 1e6, digits: 2)) Mbit/s"
        }.joined(separator: "; ")
        let metadata: Logger.Metadata = [
            "budget_mbps": "\(formatDecimal(status.budgetBitsPerSecond / 1e6, digits: 2))",
            "measured_mbps": "\(formatDecimal(status.measuredBitsPerSecond / 1e6, digits: 2))",
            "clients": "\(status.totalClients)",
            "over_budget": "\(status.overBudget)",
        ]
        if changed {
            self.logger.info("bandwidth budget adjusted: \(summary)", metadata: metadata)
        } else {
            self.logger.debug("bandwidth budget: \(summary)", metadata: metadata)
        }
        return status
    }

    /// Runs every server and the budget loop until graceful shutdown or cancellation.
    public func run() async throws {
        let interval = Duration.nanoseconds(Int64(self.configuration.budget.adjustIntervalSeconds * 1e9))
        try await withThrowingDiscardingTaskGroup { group in
            for server in self.servers {
                group.addTask { try await server.run() }
            }
            group.addTask {
                await cancelWhenGracefulShutdown {
                    while !Task.isCancelled {
                        do { try await Task.sleep(for: interval) } catch { return }
                        self.adjustBudget()
                    }
                }
            }
        }
    }
}
