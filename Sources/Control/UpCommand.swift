import ArgumentParser
import Logging
import ServiceRuntime
import Supervision

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
        let runtime = ServiceLauncher.runtime(for: stack)
        let supervisor = Supervisor(
            stack: stack,
            launcher: SpawningLauncher(),
            control: BusControlRequester(security: ServiceLauncher.orFail { () throws(ConfigError) in try ControlKeys.security(for: stack) }),
            status: runtime.status,
            display: StatusLine(),
            logger: runtime.logger,
            stopSupervisor: { runtime.requestStop() }
        )
        let keyboard = KeyboardStop {
            runtime.logger.notice("stop requested from the keyboard")
            runtime.requestStop()
        }
        defer { keyboard?.restore() }
        do {
            try await runtime.run([supervisor])
        } catch {
            runtime.logger.error("\(error)")
            throw ExitCode.failure
        }
        for name in await supervisor.gaveUp() {
            runtime.logger.error("\(name) was given up on; exiting with an error")
            throw ExitCode.failure
        }
    }
}
