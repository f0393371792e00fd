import Logging
import Synchronization

/// A swift-log handler that keeps every message, to check what the supervisor logged.
/// (The same as NetworkTablesTests' `CapturingLogHandler`; both go to the shared test support target.)
struct CapturingLogHandler: LogHandler {
    final class Store: Sendable {
        let entries = Mutex<[(level: Logger.Level, message: String)]>([])
        func contains(level: Logger.Level, _ text: String) -> Bool {
            self.entries.withLock { $0.contains { $0.level == level && $0.message.contains(text) } }
        }
        var all: [String] { self.entries.withLock { $0.map { "\($0.level): \($0.message)" } } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        self.store.entries.withLock { $0.append((event.level, "\(event.message)")) }
    }

    static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "test") { _ in CapturingLogHandler(store: store) }, store)
    }
}
