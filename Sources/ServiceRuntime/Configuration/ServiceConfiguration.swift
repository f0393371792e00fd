public import Logging

/// A service's whole configuration file: a `service` section plus the service's own sections.
///
/// `init()` gives every key its default, so a config file only lists what it changes. Keys are snake_case in
/// the file (`log_level`) and camelCase in Swift (`logLevel`).
public protocol ServiceConfiguration: Codable, Sendable {
    init()
    var service: ServiceSection { get set }
    /// CURVE keys for the endpoints that cross hosts (`security` section); a configuration without one has no keys.
    var security: SecuritySection { get }
    /// Checks values that decode but make no sense together; throw ``ConfigError/invalid(_:)`` to explain.
    func validate() throws(ConfigError)
    /// Keys of earlier releases that now live elsewhere (`old.dotted.path: new.dotted.path`): setting one is an
    /// error that names the new key.
    static var movedKeys: [String: String] { get }
}

extension ServiceConfiguration {
    public static var movedKeys: [String: String] { [:] }

    public var security: SecuritySection { SecuritySection() }

    public func validate() throws(ConfigError) {}
}

/// The `service` section every config file has.
public struct ServiceSection: Codable, Sendable, Hashable {
    /// The name in logs, message headers and status (`targeting`, `camstreamer`, ...).
    public var name: String
    /// The stop channel endpoint this service binds (a PAIR socket), e.g. `tcp://*:5801`.
    public var control: String
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`.
    public var logLevel: String
    /// Longest time the service takes to finish its work after a stop before it is cancelled.
    public var shutdownTimeoutSeconds: Double

    public init(name: String, control: String, logLevel: String = "info", shutdownTimeoutSeconds: Double = 5) {
        self.name = name
        self.control = control
        self.logLevel = logLevel
        self.shutdownTimeoutSeconds = shutdownTimeoutSeconds
    }

    /// The parsed ``logLevel``.
    public func parsedLogLevel() throws(ConfigError) -> Logger.Level {
        guard let level = Logger.Level(rawValue: self.logLevel.lowercased()) else {
            throw .invalid(
                "service.log_level is `\(self.logLevel)`; use one of "
                    + Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            )
        }
        return level
    }

    func validate() throws(ConfigError) {
        _ = try self.parsedLogLevel()
        guard !self.name.isEmpty, self.name.utf8.count <= 64 else {
            throw .invalid("service.name must be 1 to 64 bytes long")
        }
        guard self.control.contains("://") else {
            throw .invalid("service.control `\(self.control)` is not an endpoint like tcp://*:5801")
        }
        guard self.shutdownTimeoutSeconds > 0 else { throw .invalid("service.shutdown_timeout_seconds must be > 0") }
    }
}
