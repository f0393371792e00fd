import Foundation
import Yams

/// Checks a configuration document before anything walks or decodes it: bounded size, nesting and alias
/// expansion (a "billion laughs" alias bomb is refused before it is expanded), and sane numbers (no `.inf`,
/// `.nan` or absurd durations reach the services' arithmetic).
///
/// ``ConfigDocument`` applies it to every document it parses and to every tree it decodes, so both the
/// service loader and other configuration files get the same checks.
enum ConfigGuard {
    /// Largest configuration text accepted, bytes.
    static let maxTextBytes = 1 << 20
    /// Deepest `[`/`{` nesting accepted in the text (the YAML composer recurses per level).
    static let maxFlowNesting = 64
    /// Most alias expansions (each `*name` reference, counted again inside expanded aliases).
    static let maxAliasExpansions = 100
    /// Most nodes of the tree with every alias expanded.
    static let maxNodes = 100_000
    /// Longest duration accepted, seconds (one day; a longer timeout is a typo or an attack).
    static let maxDurationSeconds = 86_400.0

    /// Refuses text that is too large or too deeply nested for the YAML composer.
    static func checkText(_ text: String, source: String) throws(ConfigError) {
        guard text.utf8.count <= Self.maxTextBytes else {
            throw .syntax(source: source, reason: "the document is larger than \(Self.maxTextBytes) bytes")
        }
        var depth = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                guard depth <= Self.maxFlowNesting else {
                    throw .syntax(source: source, reason: "lists or mappings nested deeper than \(Self.maxFlowNesting) levels")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1)
            default:
                break
            }
        }
    }

    /// Refuses a parsed document whose aliases expand beyond the budget. Yams shares an alias's node with its
    /// anchor, so every later walk would expand it: the count stops at the budget instead of expanding further.
    /// Call it while the `Parser` that composed `root` is alive (nodes hold their anchors weakly).
    static func checkExpansion(_ root: Node, source: String) throws(ConfigError) {
        var nodes = 0
        var aliases = 0
        var seenAnchors = Set<String>()
        var stack: [Node] = [root]
        while let node = stack.popLast() {
            nodes += 1
            guard nodes <= Self.maxNodes else {
                throw .syntax(source: source, reason: "the document expands to more than \(Self.maxNodes) nodes")
            }
            if let anchor = node.anchor?.rawValue, !seenAnchors.insert(anchor).inserted {
                aliases += 1
                guard aliases <= Self.maxAliasExpansions else {
                    throw .syntax(
                        source: source,
                        reason: "more than \(Self.maxAliasExpansions) alias expansions (`*name`): refused as an alias bomb"
                    )
                }
            }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    stack.append(key)
                    stack.append(value)
                }
            case .sequence(let sequence):
                stack.append(contentsOf: sequence)
            case .scalar, .alias:
                break
            }
        }
    }

    /// Refuses non-finite numbers anywhere, and durations (keys ending in `_seconds`, `_milliseconds` or
    /// `_delay`) that are negative or longer than a day, naming the key. `tree` has snake_case keys.
    static func checkNumbers(_ tree: Node, path: [String] = []) throws(ConfigError) {
        switch tree {
        case .mapping(let mapping):
            for (key, value) in mapping {
                try Self.checkNumbers(value, path: path + [key.string ?? "\(key)"])
            }
        case .sequence(let sequence):
            for (index, item) in sequence.enumerated() {
                try Self.checkNumbers(item, path: path + ["\(index)"])
            }
        case .scalar(let scalar):
            guard scalar.style == .plain, let value = Self.number(scalar.string) else { return }
            let key = path.joined(separator: ".")
            guard value.isFinite else {
                let name = path.last ?? key
                throw .badValue(
                    path: key, reason: "\(name) is \(value) (`\(scalar.string)`), not a finite number")
            }
            guard let name = path.last, let unit = Self.durationUnit(of: name) else { return }
            guard value >= 0 else { throw .badValue(path: key, reason: "a duration cannot be negative (\(scalar.string))") }
            guard value <= Self.maxDurationSeconds * unit else {
                throw .badValue(
                    path: key,
                    reason: "\(scalar.string) is longer than a day (\(Int(Self.maxDurationSeconds * unit)) at most)"
                )
            }
        case .alias:
            break
        }
    }

    /// Units of a duration key per second (1 for seconds, 1000 for milliseconds), or `nil` for other keys.
    private static func durationUnit(of key: String) -> Double? {
        if key.hasSuffix("milliseconds") || key.hasSuffix("_ms") { return 1_000 }
        if key.hasSuffix("seconds") || key.hasSuffix("_delay") || key == "delay" { return 1 }
        return nil
    }

    /// The number a plain scalar spells (YAML 1.1 floats and integers, including `.inf` and `.nan`), or `nil`.
    private static func number(_ text: String) -> Double? {
        switch text.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default:
            guard let first = text.utf8.first,
                first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
            else { return nil }
            return Double(text.replacingOccurrences(of: "_", with: ""))
        }
    }
}
