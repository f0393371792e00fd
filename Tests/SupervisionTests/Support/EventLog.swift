import Synchronization

/// What the fakes saw, in order (`launch a`, `stop a`, `SIGTERM b`), so a test can check the order of events.
final class EventLog: Sendable {
    private let events = Mutex<[String]>([])

    func record(_ event: String) {
        self.events.withLock { $0.append(event) }
    }

    var entries: [String] { self.events.withLock { $0 } }

    /// The position of the first `event`, if it happened.
    func index(of event: String) -> Int? {
        self.entries.firstIndex(of: event)
    }
}
