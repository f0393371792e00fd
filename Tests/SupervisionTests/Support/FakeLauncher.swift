import Glibc
import Supervision
import Synchronization

/// Starts ``FakeChild``ren: the `plan` says how the n-th launch (from 0) of each service behaves.
/// A service whose executable is `missing` cannot be started.
final class FakeLauncher: ProcessLauncher {
    let log: EventLog
    private let plan: @Sendable (_ name: String, _ launch: Int) -> FakeChild.Behaviour
    private let launched = Mutex<[FakeChild]>([])

    init(log: EventLog = EventLog(), plan: @escaping @Sendable (_ name: String, _ launch: Int) -> FakeChild.Behaviour) {
        self.log = log
        self.plan = plan
    }

    func launch(_ entry: StackConfiguration.Entry) throws(SpawnError) -> any ChildProcess {
        guard entry.executable != "missing" else { throw SpawnError(path: entry.executable, code: ENOENT) }
        return self.launched.withLock { launched in
            let launch = launched.count { $0.name == entry.name }
            let child = FakeChild(
                name: entry.name,
                pid: Int32(1000 + launched.count),
                behaviour: self.plan(entry.name, launch),
                log: self.log
            )
            launched.append(child)
            self.log.record("launch \(entry.name)")
            return child
        }
    }

    /// How many times `name` was launched.
    func launches(of name: String) -> Int {
        self.launched.withLock { $0.count { $0.name == name } }
    }

    /// The newest child of `name`.
    func latest(_ name: String) -> FakeChild? {
        self.launched.withLock { $0.last { $0.name == name } }
    }

    /// The names of every launch, in order.
    var names: [String] { self.launched.withLock { $0.map(\.name) } }
}
