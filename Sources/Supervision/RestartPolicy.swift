/// When `control up` starts a local service again after it ended (a stack entry's `restart`).
public enum RestartPolicy: String, Codable, Sendable, CaseIterable {
    /// After any exit, clean or not.
    case always
    /// After a crash: a signal or a non-zero exit code.
    case onFailure = "on-failure"
    /// Never: an ended service stays down.
    case never

    /// Reads `always`, `on-failure` or `never`, and names the three in the error for anything else.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let policy = RestartPolicy(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "`\(text)` is not a restart policy; use always, on-failure or never"
            )
        }
        self = policy
    }

    /// Whether a child that ended with `termination` is started again.
    public func restarts(after termination: ChildTermination) -> Bool {
        switch self {
        case .always: true
        case .onFailure: termination != .exited(0)
        case .never: false
        }
    }
}
