import ArgumentParser
import Foundation
import Logging
import ServiceRuntime
import WireFormat

struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the stack's local services, keep them running, and stop them all on q, Esc or Ctrl-C.",
        discussion: """
            Services whose host is `local` are started as children (executables are looked up next to `control`, \
            then on PATH), restarted with exponential back-off after a crash (section `restarts`), and given up on \
            in a crash loop. Their output is forwarded with a [name] prefix; on a terminal, the last row is a live \
            status line (state, pid, uptime, fps and restarts of each service). q or Esc in that terminal, SIGINT, \
            SIGTERM or `control stop --endpoint <service.control>` stop the whole stack through the stop channel; \
            a service that does not exit within its grace period gets SIGTERM, then SIGKILL. Children stop by \
            themselves if the supervisor is killed.
            """
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let stack = try ServiceLauncher.configuration(StackConfiguration.self, options: self.common, environmentPrefix: "CONTROL")
        let runtime = try ServiceRuntime(section: stack.service)
        let children = stack.services.filter { $0.host == "local" }.map {
            SupervisedChild(entry: $0, restarts: stack.restarts, logger: runtime.logger)
        }
        let supervisor = Supervisor(
            stack: stack,
            children: children,
            status: runtime.status,
            stopSupervisor: { runtime.requestStop() },
            statusLine: StatusLine(),
            logger: runtime.logger
        )
        let keyboard = KeyboardStop {
            runtime.logger.notice("stop requested from the keyboard")
            runtime.requestStop()
        }
        defer { keyboard?.restore() }
        runtime.status.report {
            [.init(name: "services", value: Double(stack.services.count)), .init(name: "local", value: Double(children.count))]
        }
        do {
            try await runtime.run([supervisor])
        } catch {
            runtime.logger.error("\(error)")
            throw ExitCode.failure
        }
        for child in children where await child.gaveUp {
            runtime.logger.error("\(child.entry.name) was given up on; exiting with an error")
            throw ExitCode.failure
        }
    }
}
