import Bus
public import Logging
public import ServiceLifecycle
import UnixSignals
import WireFormat

/// What every service executable runs: its control channel (stop and status), logging, and a `ServiceGroup`
/// of its workers that a stop request, SIGINT or SIGTERM shuts down gracefully.
///
/// Started by `control up`, it also stops when the supervisor is gone (``ParentWatch``).
/// The shutdown path is the same for all three triggers: the service acknowledges (stop requests), its workers
/// get a graceful-shutdown signal and finish their current unit of work, release their sockets and devices,
/// the control channel answers any peer still waiting, and ``run(_:)`` returns so the process exits 0.
public final class ServiceRuntime: Sendable {
    public let section: ServiceSection
    public let logger: Logger
    /// The loaded keys: what each bound endpoint may be, and each socket's CURVE settings.
    public let security: ServiceSecurity
    /// The control endpoint to bind (loopback only without keys) and its socket's security.
    private let controlBinding: (endpoint: String, security: SocketSecurity)
    /// The state and figures answered to status requests; workers mark themselves ready here.
    public let status = StatusBoard()
    private let stopLatch = StopLatch()

    /// Sets up logging for `section` and loads the keys of `security` (starting the ZAP handler when there are).
    /// - Throws: ``ConfigError`` naming the key to fix.
    public init(section: ServiceSection, security: SecuritySection = SecuritySection()) throws(ConfigError) {
        self.section = section
        self.logger = LogSetup.logger(label: section.name, level: try section.parsedLogLevel())
        self.security = try ServiceSecurity(security, logger: self.logger)
        // A network bind without keys is refused here, at start, with exit code 2 (not when `run` binds).
        self.controlBinding = try self.security.bind(section.control, domain: SocketSecurity.controlDomain, key: "service.control")
    }

    /// Shuts the service down gracefully, as a stop request would (for a worker that decides the service is done).
    public func requestStop() {
        self.status.markStopping()
        self.stopLatch.trigger()
    }

    /// Binds the control channel, runs `services` until a stop, SIGINT or SIGTERM, then shuts down gracefully.
    /// - Throws: ``RuntimeError`` when the control endpoint cannot be bound or a worker fails.
    public func run(_ services: [any Service]) async throws(RuntimeError) {
        let control: ControlServer
        do {
            var options = ControlServer.Options()
            options.security = self.controlBinding.security
            control = try ControlServer(
                endpoint: self.controlBinding.endpoint,
                serviceName: self.section.name,
                handlers: .init(
                    status: { [status] in status.status(requestID: $0) },
                    stop: { [status, stopLatch] _, _ in
                        status.markStopping()
                        stopLatch.trigger()
                    }
                ),
                options: options,
                logger: self.logger
            )
        } catch {
            throw .controlEndpoint(self.section.control, error)
        }
        self.logger.info("control channel listening", metadata: ["endpoint": "\(control.boundEndpoint)"])
        self.status.report { [counters = control.counters, security = self.security] in
            [
                .init(name: "control_malformed", value: Double(counters.malformed)),
                .init(name: "auth_refused", value: Double(security.refusedConnections)),
            ]
        }

        let watcher = StopWatcher(latch: self.stopLatch, status: self.status)
        let parentWatch = ParentWatch(latch: self.stopLatch, logger: self.logger).map {
            [ServiceGroupConfiguration.ServiceConfiguration(service: $0, successTerminationBehavior: .ignore)]
        } ?? []
        var configuration = ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
                + parentWatch
                + [.init(service: watcher, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: self.logger
        )
        configuration.maximumGracefulShutdownDuration = .milliseconds(Int(self.section.shutdownTimeoutSeconds * 1000))
        let group = ServiceGroup(configuration: configuration)
        do {
            try await group.run()
        } catch {
            await control.finish()
            await self.security.stop()
            throw .serviceFailed(error)
        }
        await control.finish()
        await self.security.stop()
        self.logger.info("stopped cleanly")
    }
}

/// Returns when a stop request arrives (shutting the group down gracefully) or when shutdown starts elsewhere.
private struct StopWatcher: Service, CustomStringConvertible {
    var description: String { "StopWatcher" }

    let latch: StopLatch
    let status: StatusBoard

    func run() async {
        await withGracefulShutdownHandler {
            await self.latch.wait()
        } onGracefulShutdown: {
            self.latch.trigger()
        }
        self.status.markStopping()
    }
}
