/// The vision pipelines. The raw value is the pipeline's name in configuration files (`pipeline.kind`) and on
/// the command line (`--pipeline`); ``wireValue`` is its byte in a ``TargetingResult`` frame.
public enum PipelineKind: String, Hashable, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// The 2019 dual retroreflective tape target.
    case reflective2019
    /// AprilTags (36h11 or 16h5).
    case apriltag
    /// Driver mode, set by robot code (PhotonLib's `driverModeRequest`): nothing processed, no targets; camstreamer's
    /// overlay only says "DRIVER MODE". Not a pipeline a configuration or the command line can name.
    case driver

    public var description: String { self.rawValue }

    /// The kinds a configuration or the command line may name (every kind but ``driver``).
    public static var configurable: [PipelineKind] { Self.allCases.filter { $0 != .driver } }

    /// The names accepted, for messages: `reflective2019 or apriltag`.
    public static var names: String { Self.configurable.map(\.rawValue).joined(separator: " or ") }

    /// The pipeline byte of a ``TargetingResult`` frame.
    public var wireValue: UInt8 {
        switch self {
        case .reflective2019: 1
        case .apriltag: 2
        case .driver: 3
        }
    }

    /// The kind whose ``wireValue`` is `byte`, if any.
    public init?(wireValue byte: UInt8) {
        guard let kind = Self.allCases.first(where: { $0.wireValue == byte }) else { return nil }
        self = kind
    }

    /// Decodes a name, failing with a message that lists the names accepted.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let kind = Self(rawValue: name), kind != .driver else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "`\(name)` is not a pipeline; use \(Self.names)"
            )
        }
        self = kind
    }
}
