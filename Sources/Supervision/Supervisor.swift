public import Logging
public import ServiceLifecycle
public import ServiceRuntime
import WireFormat

/// `control up`: runs the stack's local services as children, reports when the stack is ready, and on shutdown
/// (SIGINT, SIGTERM, a stop request to the supervisor) stops every service through the stop channel, escalating
/// to SIGTERM and SIGKILL for local children that do not exit within their grace period.
public struct Supervisor: Service, CustomStringConvertible {
    public var description: String { "Supervisor" }

    public let stack: StackConfiguration
    /// One per `local` service of the stack, in stack order.
    public let children: [SupervisedChild]
    private let control: any ControlRequester
    private let status: StatusBoard
    private let display: (any StatusDisplay)?
    private let timing: SupervisionTiming
    private let logger: Logger
    /// Stops the supervisor's own service group (as a stop request would).
    private let stopSupervisor: @Sendable () -> Void

    /// - Parameters:
    ///   - stack: the services; those whose host is `local` are started through `launcher`.
    ///   - control: asks every service of the stack for its status and to stop.
    ///   - status: the supervisor's own status: it reports `services` and `local` (counts) there, and is marked
    ///     ready once every service is.
    ///   - display: the live status line, when standard error is a terminal; without it the status is logged.
    ///   - stopSupervisor: stops the supervisor's service group; called when every local service has ended.
    public init(
        stack: StackConfiguration,
        launcher: any ProcessLauncher,
        control: any ControlRequester,
        status: StatusBoard,
        display: (any StatusDisplay)?,
        timing: SupervisionTiming = SupervisionTiming(),
        logger: Logger,
        stopSupervisor: @escaping @Sendable () -> Void
    ) {
        self.stack = stack
        self.children = stack.services.filter { $0.host == "local" }.map {
            SupervisedChild(entry: $0, restarts: stack.restarts, launcher: launcher, timing: timing, logger: logger)
        }
        self.control = control
        self.status = status
        self.display = display
        self.timing = timing
        self.logger = logger
        self.stopSupervisor = stopSupervisor
        status.report { [services = stack.services.count, local = self.children.count] in
            [.init(name: "services", value: Double(services)), .init(name: "local", value: Double(local))]
        }
    }

    /// The names of the local services given up on (crash loop, or a program that cannot start).
    public func gaveUp() async -> [String] {
        var names: [String] = []
        for child in self.children where await child.gaveUp { names.append(child.entry.name) }
        return names
    }

    public func run() async {
        await withTaskGroup(of: Bool.self) { group in
            for child in self.children {
                group.addTask {
                    await child.supervise()
                    return true
                }
            }
            group.addTask {
                await self.watchStatus()
                return false
            }
            group.addTask {
                do {
                    try await gracefulShutdown()
                } catch {
                    return false  // cancelled: every child ended on its own
                }
                await self.stopStack()
                return false
            }
            var running = self.children.count
            for await wasChild in group where wasChild {
                running -= 1
                if running == 0, !self.children.isEmpty, !Task.isShuttingDownGracefully {
                    self.logger.notice("every local service has ended; the supervisor stops too")
                    self.stopSupervisor()
                }
            }
        }
    }

    /// Polls every service's status: says when the whole stack is ready, then keeps the status visible (the
    /// live line on a terminal, a log line every ``SupervisionTiming/statusLogInterval`` otherwise).
    private func watchStatus() async {
        let endpoints = self.stack.services.map(\.control)
        var announced = false
        var lastLogged: ContinuousClock.Instant?
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let states = await self.control.status(of: endpoints)
            if !announced, states.allSatisfy({ $0?.state == .ready }) {
                announced = true
                self.status.markReady()
                self.logger.notice("stack ready: \(self.stack.services.map(\.name).joined(separator: ", "))")
            }
            var parts: [String] = []
            for (entry, state) in zip(self.stack.services, states) {
                let restarts = await self.children.first { $0.entry.name == entry.name }?.restarts ?? 0
                parts.append(StatusText.service(entry.name, state, restarts: restarts))
            }
            if let display = self.display {
                display.show(StatusText.line(parts))
            } else if lastLogged.map({ ContinuousClock.now - $0 >= self.timing.statusLogInterval }) ?? true {
                lastLogged = ContinuousClock.now
                self.logger.info("status: \(parts.joined(separator: " | "))")
            }
            let pause = announced ? self.timing.statusPollWhenReady : self.timing.statusPollUntilReady
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
        self.display?.remove()
    }

    /// Broadcasts a stop to every service of the stack and waits for the local children to exit.
    private func stopStack() async {
        self.logger.notice("stopping the stack through the stop channel")
        for child in self.children { await child.beginStopping() }
        let longestGrace = self.stack.services.map(\.gracePeriodSeconds).max() ?? 3
        async let acknowledgements = self.control.stop(self.stack.services.map(\.control), timeoutSeconds: longestGrace)
        let outcomes = await withTaskGroup(of: (String, SupervisedChild.StopOutcome).self) { group in
            for child in self.children {
                group.addTask { (child.entry.name, await child.finish()) }
            }
            return await group.reduce(into: [String: SupervisedChild.StopOutcome]()) { $0[$1.0] = $1.1 }
        }
        let summary = StopSummary(services: self.stack.services, acknowledged: await acknowledgements, local: outcomes)
        for line in summary.lines { self.logger.notice("stop summary: \(line)") }
        self.logger.notice(summary.clean ? "stack stopped cleanly" : "stack stopped; see the summary above")
    }
}
