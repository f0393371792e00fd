import Foundation
import Yams

/// The one way a configuration value is decoded from a document: the document is laid over the encoded defaults,
/// so it may leave out any key, and a key no setting reads or a value of the wrong type is an error naming it.
///
/// ``ConfigLoader`` decodes services' configurations with it; use ``decode(_:from:source:defaults:)`` for any other
/// configuration file (for example `targeting eval --config`). Keys may be written snake_case or camelCase.
public enum ConfigDocument {
    /// Decodes `text` (YAML or JSON) laid over `defaults`. Returns `defaults` for an empty document.
    /// - Parameter source: names the document in errors (a path, `--set key=value`).
    /// - Throws: ``ConfigError`` naming the key to fix. Call the type's own validation afterwards.
    public static func decode<T: Codable>(
        _ type: T.Type,
        from text: String,
        source: String,
        defaults: T
    ) throws(ConfigError) -> T {
        guard let given = try Self.parse(text, source: source) else { return defaults }
        let layer = ConfigTree.renamingKeys(given, ConfigTree.snakeCase)
        let value = try Self.decode(T.self, from: ConfigTree.overlay(layer, on: try Self.encode(defaults)))
        if let unknown = ConfigTree.unknownKey(in: layer, known: try Self.encode(value)) {
            throw .unknownKey(source: source, path: unknown.path, known: unknown.known)
        }
        return value
    }

    /// Decodes the file at `path` laid over `defaults`.
    /// - Throws: ``ConfigError`` when the file cannot be read or names a key to fix.
    public static func decode<T: Codable>(
        _ type: T.Type,
        contentsOf path: String,
        defaults: T
    ) throws(ConfigError) -> T {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try Self.decode(T.self, from: text, source: path, defaults: defaults)
    }

    /// `value` as a snake_case YAML tree.
    static func encode(_ value: some Encodable) throws(ConfigError) -> Node {
        do {
            let yaml = try YAMLEncoder().encode(value)
            guard let node = try Yams.compose(yaml: yaml) else { return Node([(Node, Node)]()) }
            return ConfigTree.renamingKeys(node, ConfigTree.snakeCase)
        } catch {
            throw .invalid("the configuration does not encode: \(error)")
        }
    }

    /// Decodes a complete snake_case tree (defaults already laid under it).
    static func decode<T: Decodable>(_ type: T.Type, from tree: Node) throws(ConfigError) -> T {
        try ConfigGuard.checkNumbers(tree)
        do {
            return try YAMLDecoder().decode(T.self, from: ConfigTree.renamingKeys(tree, ConfigTree.camelCase))
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw .badValue(path: "?", reason: "\(error)")
        }
    }

    /// Parses YAML (or JSON) text; `nil` for an empty document.
    /// - Throws: ``ConfigError/syntax(source:reason:)`` for invalid YAML and for documents over
    ///   ``ConfigGuard``'s budgets (size, nesting, alias expansions).
    static func parse(_ text: String, source: String) throws(ConfigError) -> Node? {
        try ConfigGuard.checkText(text, source: source)
        let parser: Parser
        let node: Node?
        do {
            parser = try Parser(yaml: text)
            node = try parser.singleRoot()
        } catch {
            throw .syntax(source: source, reason: "\(error)")
        }
        // Nodes know their anchors only while the parser holds them.
        try withExtendedLifetime(parser) { () throws(ConfigError) in
            if let node { try ConfigGuard.checkExpansion(node, source: source) }
        }
        return node
    }

    private static func describe(_ error: DecodingError) -> ConfigError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map(String.init) ?? ConfigTree.snakeCase($0.stringValue) }
                .joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return .badValue(path: path(context.codingPath), reason: "expected \(type); \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return .badValue(path: path(context.codingPath), reason: "missing \(type)")
        case .keyNotFound(let key, let context):
            return .badValue(
                path: path(context.codingPath + [key]),
                reason: "missing key (list items need every key of the documented example)"
            )
        case .dataCorrupted(let context):
            return .badValue(path: path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return .badValue(path: "?", reason: "\(error)")
        }
    }
}
