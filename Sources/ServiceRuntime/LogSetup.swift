public import Logging
import Synchronization

/// Sets up swift-log once per process: human-readable lines on standard error, at a chosen level.
public enum LogSetup {
    private static let bootstrapped = Atomic<Bool>(false)

    /// Bootstraps logging (first call only) and returns a logger labelled `label` at `level`.
    public static func logger(label: String, level: Logger.Level) -> Logger {
        if !Self.bootstrapped.exchange(true, ordering: .acquiringAndReleasing) {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .trace
                return handler
            }
        }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
