#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import ServiceLifecycle

/// Stops the service when the supervisor that started it is gone (even after SIGKILL), so children never
/// outlive `control up`. Active only when the supervisor set `ROBOT_VISION_SUPERVISOR_PID`.
struct ParentWatch: Service, CustomStringConvertible {
    /// The environment variable `control up` sets to its own pid.
    static let environmentKey = "ROBOT_VISION_SUPERVISOR_PID"

    var description: String { "ParentWatch" }

    let supervisor: Int32
    let latch: StopLatch
    let logger: Logger

    /// A watch for this process, or `nil` when it was not started by a supervisor.
    init?(latch: StopLatch, logger: Logger) {
        guard let text = ProcessInfo.processInfo.environment[Self.environmentKey], let pid = Int32(text) else {
            return nil
        }
        self.supervisor = pid
        self.latch = latch
        self.logger = logger
    }

    func run() async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if getppid() != self.supervisor {
                self.logger.warning("the supervisor is gone; stopping", metadata: ["supervisor_pid": "\(self.supervisor)"])
                self.latch.trigger()
                return
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(200)) }
        }
    }
}
