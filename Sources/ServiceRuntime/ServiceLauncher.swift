import ArgumentParser
import Foundation

/// Loads a service's configuration for its executable, turning every configuration problem into a one-line
/// error on standard error and exit code 2 (never a crash).
public enum ServiceLauncher {
    /// Loads `C` from `options` and the environment.
    /// - Throws: `ExitCode(2)` after printing the problem, or `CleanExit` after `--print-default-config`.
    public static func configuration<C: ServiceConfiguration>(
        _: C.Type,
        options: CommonOptions,
        environmentPrefix: String
    ) throws -> C {
        let loader = ConfigLoader<C>(environmentPrefix: environmentPrefix)
        do {
            if options.printDefaultConfig {
                throw CleanExit.message(try loader.defaultsYAML())
            }
            return try loader.load(
                file: options.config,
                environment: ProcessInfo.processInfo.environment,
                overrides: options.allOverrides
            )
        } catch let error as ConfigError {
            Self.fail(error.description)
        }
    }

    /// The runtime of a service configured by `config` (logging, keys, the ZAP handler).
    /// - Throws: `ExitCode(2)` after printing the problem (a bad log level, an unreadable key file, a network
    ///   bind without keys).
    public static func runtime(for config: some ServiceConfiguration) -> ServiceRuntime {
        do {
            return try ServiceRuntime(section: config.service, security: config.security)
        } catch {
            Self.fail(error.description)
        }
    }

    /// The value of `body`, or exit code 2 after printing its ``ConfigError``.
    public static func orFail<Value>(_ body: () throws(ConfigError) -> Value) -> Value {
        do {
            return try body()
        } catch {
            Self.fail(error.description)
        }
    }

    /// Prints `error: message` on standard error and throws exit code 2 (bad input or configuration).
    public static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(2)
    }
}
