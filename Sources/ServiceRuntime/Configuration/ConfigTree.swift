import Yams

/// Operations on parsed YAML trees used by ``ConfigLoader``: layering, key spelling, and unknown-key checks.
enum ConfigTree {
    /// Lays `top` over `base`. Mappings merge key by key; every key of `top` must exist in `base` (the defaults),
    /// otherwise it is a typo. A list replaces the default list, with each mapping item laid over the default
    /// list's first item so items may leave out keys.
    static func overlay(_ top: Node, on base: Node, path: [String], source: String) throws(ConfigError) -> Node {
        switch (base, top) {
        case (.mapping(let baseMapping), .mapping(let topMapping)):
            var merged = baseMapping
            for (key, value) in topMapping {
                let name = key.string ?? "\(key)"
                guard let existing = baseMapping[name] else {
                    throw .unknownKey(
                        source: source,
                        path: (path + [name]).joined(separator: "."),
                        known: baseMapping.keys.compactMap(\.string).sorted()
                    )
                }
                merged[name] = try Self.overlay(value, on: existing, path: path + [name], source: source)
            }
            return .mapping(merged)
        case (.sequence(let baseItems), .sequence(let topItems)):
            guard let template = baseItems.first, case .mapping = template else { return top }
            var items: [Node] = []
            for (index, item) in topItems.enumerated() {
                guard case .mapping = item else {
                    items.append(item)
                    continue
                }
                items.append(try Self.overlay(item, on: template, path: path + ["\(index)"], source: source))
            }
            return Node(items)
        case (_, .scalar) where top.null != nil:
            // `key:` with no value keeps the default.
            return base
        default:
            return top
        }
    }

    /// Builds the tree `{path[0]: {path[1]: ... value}}` for a single override.
    static func tree(path: [String], value: Node) -> Node {
        path.reversed().reduce(value) { inner, key in Node([(Node(key), inner)]) }
    }

    /// Renames every mapping key with `rename` (snake_case to camelCase or back).
    static func renamingKeys(_ node: Node, _ rename: (String) -> String) -> Node {
        switch node {
        case .mapping(let mapping):
            return Node(mapping.map { key, value in
                (Node(rename(key.string ?? "")), Self.renamingKeys(value, rename))
            })
        case .sequence(let sequence):
            return Node(sequence.map { Self.renamingKeys($0, rename) })
        default:
            return node
        }
    }

    /// `logLevel` → `log_level`.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// `log_level` → `logLevel`.
    static func camelCase(_ name: String) -> String {
        let parts = name.split(separator: "_", omittingEmptySubsequences: true)
        guard let first = parts.first else { return name }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
