public import Logging
import Synchronization

/// A swift-log handler that keeps every message, to check what the code under test logged.
public struct CapturingLogHandler: LogHandler {
    /// The messages logged so far, shared by every copy of the handler.
    public final class Store: Sendable {
        let entries = Mutex<[(level: Logger.Level, message: String)]>([])

        /// Whether a message at `level` contains `text`.
        public func contains(level: Logger.Level, _ text: String) -> Bool {
            self.entries.withLock { $0.contains { $0.level == level && $0.message.contains(text) } }
        }

        /// Every message as `level: text`.
        public var all: [String] { self.entries.withLock { $0.map { "\($0.level): \($0.message)" } } }
    }

    public let store: Store
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        self.store.entries.withLock { $0.append((event.level, "\(event.message)")) }
    }

    /// A logger at `trace` level that keeps every message, and its store.
    public static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "test") { _ in CapturingLogHandler(store: store) }, store)
    }
}
