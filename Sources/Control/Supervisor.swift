import Bus
import Foundation
import Logging
import ServiceLifecycle
import ServiceRuntime
import WireFormat

/// `control up`: runs the stack's local services as children, reports when the stack is ready, and on shutdown
/// (SIGINT, SIGTERM, a stop request to the supervisor) stops every service through the stop channel, escalating
/// to SIGTERM and SIGKILL for local children that do not exit within their grace period.
struct Supervisor: Service, CustomStringConvertible {
    var description: String { "Supervisor" }

    let stack: StackConfiguration
    let children: [SupervisedChild]
    let status: StatusBoard
    /// Stops the supervisor's own service group (as a stop request would).
    let stopSupervisor: @Sendable () -> Void
    /// The live status line, when standard error is a terminal.
    let statusLine: StatusLine?
    let logger: Logger

    func run() async {
        await withTaskGroup(of: Bool.self) { group in
            for child in self.children {
                group.addTask {
                    await child.supervise()
                    return true
                }
            }
            group.addTask {
                await self.watchReadiness()
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
    /// live line on a terminal, a log line every 10 s otherwise).
    private func watchReadiness() async {
        let client = ControlClient(sender: "control-up", options: .init(timeoutMilliseconds: 500))
        let endpoints = self.stack.services.map(\.control)
        var announced = false
        var lastLine = Date.distantPast
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let outcomes = await client.status(endpoints)
            let states = outcomes.map { outcome -> ServiceStatus? in
                if case .status(let status)? = outcome.reply?.payload { status } else { nil }
            }
            if !announced, states.allSatisfy({ $0?.state == .ready }) {
                announced = true
                self.status.markReady()
                self.logger.notice("stack ready: \(self.stack.services.map(\.name).joined(separator: ", "))")
            }
            var parts: [String] = []
            for (entry, state) in zip(self.stack.services, states) {
                let restarts = await self.children.first { $0.entry.name == entry.name }?.restarts ?? 0
                parts.append(Self.describe(entry.name, state, restarts: restarts))
            }
            if let statusLine = self.statusLine {
                statusLine.show(parts.joined(separator: " | ") + " | q/Esc: stop")
            } else if Date().timeIntervalSince(lastLine) >= 10 {
                lastLine = Date()
                self.logger.info("status: \(parts.joined(separator: " | "))")
            }
            let pause = Duration.milliseconds(announced ? 1000 : 200)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
        self.statusLine?.remove()
    }

    /// One service in the status line: `targeting ready pid 1234 up 3m05s 29.8 fps restarts 0`.
    private static func describe(_ name: String, _ status: ServiceStatus?, restarts: Int) -> String {
        guard let status else { return "\(name) DOWN restarts \(restarts)" }
        let seconds = Int(status.uptimeMilliseconds / 1000)
        let uptime = seconds >= 60 ? "\(seconds / 60)m\(String(format: "%02d", seconds % 60))s" : "\(seconds)s"
        // `fps` (targeting's frames) and `<stream>_fps` (camstreamer's frames sent per stream).
        let rates = status.figures.filter { $0.name == "fps" || $0.name.hasSuffix("_fps") }.map { figure in
            let stream = figure.name == "fps" ? "" : "\(figure.name.dropLast(4)) "
            return stream + String(format: "%.1f fps", figure.value)
        }
        return (["\(name) \(status.state) pid \(status.processID) up \(uptime)"] + rates + ["restarts \(restarts)"])
            .joined(separator: " ")
    }

    /// Broadcasts a stop to every service of the stack and waits for the local children to exit.
    private func stopStack() async {
        self.logger.notice("stopping the stack through the stop channel")
        for child in self.children { await child.beginStopping() }
        let longestGrace = self.stack.services.map(\.gracePeriodSeconds).max() ?? 3
        let client = ControlClient(
            sender: "control-up",
            options: .init(timeoutMilliseconds: Int(longestGrace * 1000))
        )
        async let acknowledgements = client.stop(self.stack.services.map(\.control))
        let outcomes = await withTaskGroup(of: (String, SupervisedChild.StopOutcome).self) { group in
            for child in self.children {
                group.addTask { (child.entry.name, await child.finish(acknowledged: true)) }
            }
            return await group.reduce(into: [String: SupervisedChild.StopOutcome]()) { $0[$1.0] = $1.1 }
        }
        let acknowledged = await acknowledgements
        var clean = true
        for (entry, reply) in zip(self.stack.services, acknowledged) {
            let local = outcomes[entry.name]
            let line: String
            switch (reply.reply != nil, local) {
            case (true, .some(.acknowledged)), (true, nil): line = "acknowledged and stopped"
            case (false, .some(.acknowledged)): line = "exited (no acknowledgement received)"
            case (_, .some(let outcome)): line = outcome.rawValue
            case (false, nil): line = "NO ACKNOWLEDGEMENT (remote service down or unreachable)"
            }
            if local == .terminated || local == .killed || (local == nil && reply.reply == nil) { clean = false }
            self.logger.notice("stop summary: \(entry.name): \(line)")
        }
        self.logger.notice(clean ? "stack stopped cleanly" : "stack stopped; see the summary above")
    }
}
