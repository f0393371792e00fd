import Foundation
import Yams

/// Loads a ``ServiceConfiguration`` from four layers, each overriding the one before:
///
/// 1. the defaults (`C()`),
/// 2. the YAML config file (`--config FILE`),
/// 3. environment variables `<PREFIX>__<SECTION>__<KEY>` (e.g. `TARGETING__SERVICE__LOG_LEVEL=debug`),
/// 4. command-line overrides `--set section.key=value`.
///
/// Values from the environment and `--set` are YAML too, so `'["tcp://a:1", "tcp://b:2"]'` sets a list.
/// Unknown keys in any layer are errors (they are usually typos), and so are values of the wrong type.
public struct ConfigLoader<C: ServiceConfiguration> {
    /// The environment variable prefix, e.g. `TARGETING`.
    public var environmentPrefix: String

    public init(environmentPrefix: String) {
        self.environmentPrefix = environmentPrefix
    }

    /// Loads and validates the configuration.
    /// - Parameters:
    ///   - file: the YAML file, or `nil` for defaults only.
    ///   - environment: the process environment (pass `ProcessInfo.processInfo.environment`).
    ///   - overrides: `section.key=value` strings from `--set`.
    public func load(
        file: String?,
        environment: [String: String],
        overrides: [String]
    ) throws(ConfigError) -> C {
        var tree = try self.defaults()
        var layers: [(source: String, tree: Node)] = []
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw .unreadable(path: file, reason: (error as NSError).localizedDescription)
            }
            if let node = try ConfigDocument.parse(text, source: file) {
                guard case .mapping = node else {
                    throw .syntax(source: file, reason: "the top level must be a mapping of sections")
                }
                layers.append((file, node))
            }
        }
        let prefix = self.environmentPrefix + "__"
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix(prefix) {
            let path = name.dropFirst(prefix.count).components(separatedBy: "__").map { $0.lowercased() }
            layers.append(("environment variable \(name)", try Self.override(path: path, text: value, source: "environment variable \(name)")))
        }
        for override in overrides {
            guard let equals = override.firstIndex(of: "="), equals != override.startIndex else {
                throw .syntax(source: "--set \(override)", reason: "expected section.key=value")
            }
            let path = override[..<equals].split(separator: ".").map(String.init)
            let value = String(override[override.index(after: equals)...])
            layers.append(("--set \(override)", try Self.override(path: path, text: value, source: "--set \(override)")))
        }
        for layer in layers {
            tree = ConfigTree.overlay(layer.tree, on: tree)
        }
        let configuration = try ConfigDocument.decode(C.self, from: tree)
        // Every key given must be one the configuration reads: compare with what decoding kept.
        let known = try ConfigDocument.encode(configuration)
        for layer in layers {
            if let unknown = ConfigTree.unknownKey(in: layer.tree, known: known) {
                if let newPath = C.movedKeys[unknown.path] {
                    throw .movedKey(source: layer.source, path: unknown.path, newPath: newPath)
                }
                throw .unknownKey(source: layer.source, path: unknown.path, known: unknown.known)
            }
        }
        try configuration.service.validate()
        try configuration.validate()
        return configuration
    }

    /// The defaults as a snake_case YAML tree.
    public func defaults() throws(ConfigError) -> Node {
        try ConfigDocument.encode(C())
    }

    /// The defaults as a YAML document (for `--print-default-config`).
    public func defaultsYAML() throws(ConfigError) -> String {
        do {
            return try Yams.serialize(node: ConfigTree.readableNumbers(try self.defaults()))
        } catch {
            throw .invalid("defaults do not encode: \(error)")
        }
    }

    /// The tree that sets the value `text` at `path`.
    private static func override(path: [String], text: String, source: String) throws(ConfigError) -> Node {
        guard !path.isEmpty, !path.contains(where: \.isEmpty) else {
            throw .syntax(source: source, reason: "expected a key path like service.log_level")
        }
        return ConfigTree.tree(path: path, value: try ConfigDocument.parse(text, source: source) ?? Node(""))
    }
}
