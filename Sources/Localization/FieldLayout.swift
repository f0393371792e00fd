import Foundation

/// Where each AprilTag of a field is, in field coordinates (WPILib's `AprilTagFieldLayout`): origin at the blue
/// alliance wall corner, X along the field's length, Y left, Z up; each tag's pose is its WPILib tag frame
/// (X out of the face, Y to the viewer's right, Z up).
public struct FieldLayout: Hashable, Sendable {
    /// One tag of the layout.
    public struct Tag: Hashable, Sendable {
        public var id: Int
        public var pose: Pose3

        public init(id: Int, pose: Pose3) {
            self.id = id
            self.pose = pose
        }
    }

    /// The tags in the file's order.
    public let tags: [Tag]
    /// Field size, metres.
    public let fieldLength: Double
    public let fieldWidth: Double
    private let poses: [Int: Pose3]

    /// Names of the official WPILib layouts this module ships (`2026-rebuilt-welded`, ...).
    public static let officialNames: [String] = OfficialFieldLayouts.json.keys.sorted()

    /// The pose of tag `id` on the field, or nil when the layout has no such tag.
    public func pose(ofTag id: Int) -> Pose3? { self.poses[id] }

    /// An official layout by name (see `officialNames`) or else a WPILib layout JSON file at that path.
    public static func load(nameOrPath: String) throws(FieldLayoutError) -> FieldLayout {
        if let json = OfficialFieldLayouts.json[nameOrPath] {
            return try Self.parse(Data(json.utf8), source: nameOrPath)
        }
        guard FileManager.default.fileExists(atPath: nameOrPath) else { throw .notFound(nameOrPath: nameOrPath) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: nameOrPath))
        } catch {
            throw .unreadable(path: nameOrPath, reason: error.localizedDescription)
        }
        return try Self.parse(data, source: nameOrPath)
    }

    /// Parses WPILib's layout JSON; `source` only labels errors.
    public static func parse(_ data: Data, source: String = "<memory>") throws(FieldLayoutError) -> FieldLayout {
        struct Vector: Decodable {
            var x: Double
            var y: Double
            var z: Double
        }
        struct Quaternion: Decodable {
            var w: Double, x: Double, y: Double, z: Double
            enum CodingKeys: String, CodingKey {
                case w = "W"
                case x = "X"
                case y = "Y"
                case z = "Z"
            }
        }
        struct Rotation: Decodable { var quaternion: Quaternion }
        struct Pose: Decodable {
            var translation: Vector
            var rotation: Rotation
        }
        struct TagEntry: Decodable {
            var id: Int
            var pose: Pose
            enum CodingKeys: String, CodingKey {
                case id = "ID"
                case pose
            }
        }
        struct Field: Decodable {
            var length: Double
            var width: Double
        }
        struct File: Decodable {
            var tags: [TagEntry]
            var field: Field
        }

        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw .invalidFormat(source: source, reason: Self.oneLine(error))
        }
        guard file.field.length.isFinite, file.field.width.isFinite, file.field.length > 0, file.field.width > 0 else {
            throw .invalidValue(source: source, reason: "field length and width must be positive and finite")
        }
        var tags: [Tag] = []
        var poses: [Int: Pose3] = [:]
        for entry in file.tags {
            guard entry.id >= 0 else { throw .invalidValue(source: source, reason: "tag id \(entry.id) is negative") }
            let t = entry.pose.translation
            let translation = Translation3(x: t.x, y: t.y, z: t.z)
            guard translation.isFinite else {
                throw .invalidValue(source: source, reason: "tag \(entry.id) has a non-finite translation")
            }
            let q = entry.pose.rotation.quaternion
            guard let rotation = Rotation3(w: q.w, x: q.x, y: q.y, z: q.z) else {
                throw .invalidValue(source: source, reason: "tag \(entry.id) has a non-finite or zero quaternion")
            }
            let pose = Pose3(translation: translation, rotation: rotation)
            guard poses.updateValue(pose, forKey: entry.id) == nil else {
                throw .duplicateID(source: source, id: entry.id)
            }
            tags.append(Tag(id: entry.id, pose: pose))
        }
        return FieldLayout(tags: tags, fieldLength: file.field.length, fieldWidth: file.field.width, poses: poses)
    }

    /// A decoding error as one line (the coding path and the decoder's message).
    private static func oneLine(_ error: any Error) -> String {
        let context: DecodingError.Context? =
            switch error as? DecodingError {
            case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): c
            case .none: nil
            @unknown default: nil
            }
        guard let context else { return "\(error)".replacingOccurrences(of: "\n", with: " ") }
        var path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        if case .keyNotFound(let key, _) = error as? DecodingError { path += ".\(key.stringValue)" }
        let message = context.debugDescription.replacingOccurrences(of: "\n", with: " ")
        return path.isEmpty ? message : "\(path.drop { $0 == "." }): \(message)"
    }
}
