/// How ``CameraPublisherTable`` advertises a stream. `Codable`; every key is optional in a config file.
///
/// ```yaml
/// cameraPublisher:
///   enabled: true
///   name: front                   # default: the camera's name
///   streamHosts: [10.15.18.11]    # default: every non-loopback IPv4 address of this host
///   description: Front camera
/// ```
public struct CameraPublisherConfiguration: Sendable, Hashable, Codable {
    /// Whether to publish `/CameraPublisher/<name>/...` at all.
    public var enabled: Bool
    /// The name under `/CameraPublisher`; `nil` uses the camera name the service passes in.
    public var name: String?
    /// Host names or addresses to put in the stream URLs; empty means every non-loopback IPv4 interface
    /// address (what cscore does).
    public var streamHosts: [String]
    /// Free text shown by dashboards.
    public var description: String

    /// Creates a configuration.
    public init(enabled: Bool = true, name: String? = nil, streamHosts: [String] = [], description: String = "") {
        self.enabled = enabled
        self.name = name
        self.streamHosts = streamHosts
        self.description = description
    }

}
