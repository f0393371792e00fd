import Supervision
import Synchronization
import WireFormat

/// The stop channel as the fake children see it. Endpoints are `fake://<name>`: a launched child answers
/// `ready` while it runs, and acknowledges a stop if it obeys stops; other services are remote and answer as
/// ``remoteAnswers`` says.
final class FakeControl: ControlRequester {
    private let launcher: FakeLauncher
    private let remoteAnswers: Bool
    private let stopTimeouts = Mutex<[Double]>([])

    init(launcher: FakeLauncher, remoteAnswers: Bool = true) {
        self.launcher = launcher
        self.remoteAnswers = remoteAnswers
    }

    static func endpoint(_ name: String) -> String { "fake://\(name)" }

    /// The timeouts the supervisor gave its stop broadcasts.
    var stopTimeoutsSeconds: [Double] { self.stopTimeouts.withLock { $0 } }

    func status(of endpoints: [String]) async -> [ServiceStatus?] {
        endpoints.map { endpoint in
            let name = String(endpoint.dropFirst("fake://".count))
            guard let child = self.launcher.latest(name) else {
                return self.remoteAnswers ? ServiceStatus(requestID: 1, state: .ready, processID: 1, uptimeMilliseconds: 0) : nil
            }
            guard child.termination == nil else { return nil }
            return ServiceStatus(requestID: 1, state: .ready, processID: UInt32(child.pid), uptimeMilliseconds: 65_000)
        }
    }

    func stop(_ endpoints: [String], timeoutSeconds: Double) async -> [Bool] {
        self.stopTimeouts.withLock { $0.append(timeoutSeconds) }
        return endpoints.map { endpoint in
            let name = String(endpoint.dropFirst("fake://".count))
            self.launcher.log.record("stop \(name)")
            guard let child = self.launcher.latest(name) else { return self.remoteAnswers }
            return child.requestStop()
        }
    }
}
