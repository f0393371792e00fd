import Yams

/// Operations on parsed YAML trees used by ``ConfigLoader``: layering, key spelling, and unknown-key checks.
enum ConfigTree {
    /// Lays `top` over `base`: mappings merge key by key, anything else in `top` replaces what is in `base`.
    /// A list's mapping items may leave out keys: an item is laid over the default item of the same `name` (a stack's
    /// `camstreamer` entry takes camstreamer's defaults, not targeting's), an item without a matching name over the
    /// default list's first item.
    static func overlay(_ top: Node, on base: Node) -> Node {
        switch (base, top) {
        case (.mapping(let baseMapping), .mapping(let topMapping)):
            var merged = baseMapping
            for (key, value) in topMapping {
                let name = key.string ?? "\(key)"
                merged[name] = baseMapping[name].map { Self.overlay(value, on: $0) } ?? value
            }
            return .mapping(merged)
        case (.sequence(let baseItems), .sequence(let topItems)):
            guard let first = baseItems.first, case .mapping = first else { return top }
            return Node(topItems.map { item in
                guard case .mapping = item else { return item }
                let name = item["name"]?.string
                let template = name.flatMap { name in baseItems.first { $0["name"]?.string == name } } ?? first
                return Self.overlay(item, on: template)
            })
        case (_, .scalar) where top.null != nil:
            // `key:` with no value keeps the default.
            return base
        default:
            return top
        }
    }

    /// The first key of `given` that `known` (the decoded configuration, encoded again) does not have: a key no
    /// setting reads, usually a typo. Returns its dotted path and the keys known at that level.
    static func unknownKey(in given: Node, known: Node, path: [String] = []) -> (path: String, known: [String])? {
        switch (given, known) {
        case (.mapping(let givenMapping), .mapping(let knownMapping)):
            for (key, value) in givenMapping {
                let name = key.string ?? "\(key)"
                guard let knownValue = knownMapping[name] else {
                    if value.null != nil { continue }  // `key:` left empty: nothing was set
                    return ((path + [name]).joined(separator: "."), knownMapping.keys.compactMap(\.string).sorted())
                }
                if let found = Self.unknownKey(in: value, known: knownValue, path: path + [name]) { return found }
            }
        case (.sequence(let givenItems), .sequence(let knownItems)):
            for (index, item) in givenItems.enumerated() where index < knownItems.count {
                if let found = Self.unknownKey(in: item, known: knownItems[index], path: path + ["\(index)"]) {
                    return found
                }
            }
        default:
            break
        }
        return nil
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

    /// Rewrites floating-point scalars the YAML encoder wrote as `5e+0` in plain notation (`5.0`).
    static func readableNumbers(_ node: Node) -> Node {
        switch node {
        case .mapping(let mapping):
            return Node(mapping.map { key, value in (key, Self.readableNumbers(value)) })
        case .sequence(let sequence):
            return Node(sequence.map { Self.readableNumbers($0) })
        case .scalar(let scalar) where scalar.string.contains("e"):
            guard let value = Double(scalar.string), value.isFinite else { return node }
            return Node(String(value))
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
