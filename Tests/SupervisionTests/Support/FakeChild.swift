import Glibc
import Supervision
import Synchronization

/// A child process that runs only in the test: it ends when the test says, on a stop request if it obeys stops,
/// on SIGTERM if it obeys SIGTERM, and always on SIGKILL. It records every signal it is sent.
final class FakeChild: ChildProcess {
    /// How a fake child behaves.
    struct Behaviour: Sendable {
        /// Ends as soon as it starts, like a program that crashes at once; `nil`: runs.
        var endsAtOnce: ChildTermination?
        /// Exits 0 when asked to stop through the stop channel (and acknowledges).
        var obeysStop = true
        /// Ends on SIGTERM.
        var obeysSigterm = true

        static let runs = Behaviour()
        static func ends(_ termination: ChildTermination) -> Behaviour { Behaviour(endsAtOnce: termination) }
    }

    let name: String
    let pid: Int32
    let behaviour: Behaviour
    private let log: EventLog
    private let state = Mutex<(ended: ChildTermination?, signals: [Int32])>((nil, []))

    init(name: String, pid: Int32, behaviour: Behaviour, log: EventLog) {
        self.name = name
        self.pid = pid
        self.behaviour = behaviour
        self.log = log
        if let termination = behaviour.endsAtOnce { self.end(termination) }
    }

    var termination: ChildTermination? { self.state.withLock { $0.ended } }

    /// The signals sent to it while it ran, in order.
    var signals: [Int32] { self.state.withLock { $0.signals } }

    func send(_ signal: Int32) {
        guard self.termination == nil else { return }
        self.log.record("\(signal == SIGKILL ? "SIGKILL" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)") \(self.name)")
        self.state.withLock { $0.signals.append(signal) }
        if signal == SIGKILL || (signal == SIGTERM && self.behaviour.obeysSigterm) { self.end(.signaled(signal)) }
    }

    /// A stop request reached it; whether it acknowledged (it then exits 0).
    func requestStop() -> Bool {
        guard self.behaviour.obeysStop, self.termination == nil else { return false }
        self.end(.exited(0))
        return true
    }

    /// Ends the child (a crash, an exit) unless it has ended already.
    func end(_ termination: ChildTermination) {
        self.state.withLock { if $0.ended == nil { $0.ended = termination } }
    }
}
