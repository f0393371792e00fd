import Foundation
import Glibc
import Supervision
import Testing

/// Real child processes: exit codes, signals, forwarded output, programs found on PATH or missing.
@Suite(.timeLimit(.minutes(1)))
struct SpawningLauncherTests {
    static func entry(_ executable: String, _ arguments: [String]) -> StackConfiguration.Entry {
        StackConfiguration.Entry(name: "svc", control: "tcp://127.0.0.1:1", executable: executable, arguments: arguments)
    }

    /// A launcher whose forwarded output lands in the returned log, one entry per write.
    static func launcher() -> (SpawningLauncher, EventLog) {
        let output = EventLog()
        return (SpawningLauncher { output.record(String(decoding: $0, as: UTF8.self)) }, output)
    }

    @Test func theExitCodeIsReportedAndTheChildReaped() async throws {
        let child = try Self.launcher().0.launch(Self.entry("/bin/sh", ["-c", "exit 3"]))
        #expect(await eventually { child.termination == .exited(3) })
        #expect(kill(child.pid, 0) != 0, "the child was not reaped")
    }

    @Test func sigtermEndsARunningChild() async throws {
        let child = try Self.launcher().0.launch(Self.entry("/bin/sleep", ["600"]))
        #expect(child.termination == nil)
        child.send(SIGTERM)
        #expect(await eventually { child.termination == .signaled(SIGTERM) })
    }

    @Test func outputAndErrorsAreForwardedWithTheServiceName() async throws {
        let (launcher, output) = Self.launcher()
        let child = try launcher.launch(
            Self.entry("/bin/sh", ["-c", "echo out; echo err >&2; echo supervisor $ROBOT_VISION_SUPERVISOR_PID"])
        )
        #expect(await eventually { child.termination == .exited(0) })
        let lines = Set(await Self.lines(output, count: 3))
        #expect(lines == ["[svc] out", "[svc] err", "[svc] supervisor \(getpid())"])
    }

    @Test func aNameWithoutASlashIsFoundOnPath() async throws {
        let child = try Self.launcher().0.launch(Self.entry("sh", ["-c", "exit 4"]))
        #expect(await eventually { child.termination == .exited(4) })
    }

    @Test func aMissingProgramCannotStartAndTheErrorSaysWhereToLook() {
        #expect {
            try Self.launcher().0.launch(Self.entry("/nonexistent/targeting", []))
        } throws: { error in
            guard let error = error as? SpawnError else { return false }
            return error.code == ENOENT && error.description.contains("/nonexistent/targeting")
                && error.description.contains("stack file's `executable`")
        }
    }

    /// The forwarded lines once `count` have arrived (output reaches the reader after the child has ended).
    static func lines(_ output: EventLog, count: Int) async -> [String] {
        func split() -> [String] { output.entries.joined().split(separator: "\n").map(String.init) }
        _ = await eventually { split().count >= count }
        return split()
    }
}
