import NIOCore

/// Publishes a camera stream under `/CameraPublisher/<name>/` the way WPILib's `CameraServer` does, so
/// Shuffleboard, Elastic and the LabVIEW dashboard list it:
///
/// | key | type | value |
/// |---|---|---|
/// | `source` | string | e.g. `usb:/dev/video0`, `ip:http://...`, `cv:` |
/// | `streams` | string[] | `mjpg:http://<host>:<port>/?action=stream`, one per host |
/// | `description` | string | free text |
/// | `connected` | boolean | whether the camera currently delivers frames |
/// | `mode` | string | e.g. `320x240 MJPEG 15 fps` |
public struct CameraPublisherTable: Sendable {
    /// The table, e.g. `/CameraPublisher/front`.
    public let tablePath: String
    /// The configuration (hosts for the stream URLs, description); when disabled nothing is announced and
    /// every method does nothing.
    public let configuration: CameraPublisherConfiguration
    private let client: NT4Client
    private let topics: Topics?

    private struct Topics: Sendable {
        var source, streams, description, connected, mode: NTTopic
    }

    /// Announces the camera's topics on `client`.
    ///
    /// - Parameters:
    ///   - client: The NT4 client.
    ///   - name: The name under `/CameraPublisher` (dashboards show it).
    /// - Throws: ``NetworkTablesError`` `.typeMismatch` if one of the names is already published with another type.
    public init(client: NT4Client, name: String) throws(NetworkTablesError) {
        try self.init(client: client, cameraName: name, configuration: CameraPublisherConfiguration(name: name))
    }

    /// Announces the camera's topics on `client` as the configuration says.
    ///
    /// - Parameters:
    ///   - client: The NT4 client.
    ///   - cameraName: The camera's name, used under `/CameraPublisher` unless the configuration sets `name`.
    ///   - configuration: Name, stream hosts, description, enabled.
    /// - Throws: ``NetworkTablesError`` `.typeMismatch` if one of the names is already published with another type.
    public init(
        client: NT4Client,
        cameraName: String,
        configuration: CameraPublisherConfiguration
    ) throws(NetworkTablesError) {
        let table = NTPath.join("CameraPublisher", configuration.name ?? cameraName)
        self.client = client
        self.tablePath = table
        self.configuration = configuration
        guard configuration.enabled else {
            self.topics = nil
            return
        }
        self.topics = Topics(
            source: try client.publish(NTPath.join(table, "source"), type: .string),
            streams: try client.publish(NTPath.join(table, "streams"), type: .stringArray),
            description: try client.publish(NTPath.join(table, "description"), type: .string),
            connected: try client.publish(NTPath.join(table, "connected"), type: .boolean),
            mode: try client.publish(NTPath.join(table, "mode"), type: .string)
        )
    }

    /// Publishes every key, with `streams` built from the configuration's `streamHosts` (default: this
    /// host's non-loopback IPv4 addresses) and `port`, and the configuration's description.
    ///
    /// - Parameters:
    ///   - source: Where frames come from: `usb:/dev/video0`, `ip:<url>`, or `cv:`.
    ///   - streamPort: The MJPEG server's port (1181...).
    ///   - connected: Whether the camera currently delivers frames.
    ///   - mode: Video mode, e.g. `320x240 MJPEG 15 fps`.
    public func publish(source: String, streamPort: Int, connected: Bool, mode: String) throws(NetworkTablesError) {
        try self.publish(
            source: source,
            streamURLs: Self.streamValues(hosts: self.configuration.streamHosts, port: streamPort),
            description: self.configuration.description,
            connected: connected,
            mode: mode
        )
    }

    /// Publishes every key at once.
    ///
    /// - Parameters:
    ///   - source: Where frames come from: `usb:/dev/video0`, `ip:<url>`, or `cv:`.
    ///   - streamURLs: Values for `streams`; build them with ``streamValue(host:port:)``.
    ///   - description: Free text.
    ///   - connected: Whether the camera currently delivers frames.
    ///   - mode: Video mode, e.g. `320x240 MJPEG 15 fps`.
    public func publish(
        source: String,
        streamURLs: [String],
        description: String,
        connected: Bool,
        mode: String
    ) throws(NetworkTablesError) {
        guard let t = self.topics else { return }
        try self.client.set([
            NTUpdate(t.source, .string(source)),
            NTUpdate(t.streams, .stringArray(streamURLs)),
            NTUpdate(t.description, .string(description)),
            NTUpdate(t.connected, .boolean(connected)),
            NTUpdate(t.mode, .string(mode)),
        ])
    }

    /// Updates only `connected` (e.g. when the camera is lost or comes back).
    public func setConnected(_ connected: Bool) throws(NetworkTablesError) {
        guard let t = self.topics else { return }
        try self.client.set(t.connected, .boolean(connected))
    }

    /// The `streams` entry for an MJPEG server: `mjpg:http://<host>:<port>/?action=stream` (IPv6 in brackets).
    public static func streamValue(host: String, port: Int) -> String {
        let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "mjpg:http://\(shown):\(port)/?action=stream"
    }

    /// The `streams` values for `port`: one per entry of `hosts`, or, when `hosts` is empty, one per
    /// non-loopback IPv4 address of this machine (as cscore does), sorted.
    public static func streamValues(hosts: [String], port: Int) -> [String] {
        let chosen = hosts.isEmpty ? Self.localIPv4Addresses() : hosts
        return chosen.map { Self.streamValue(host: $0, port: port) }
    }

    /// Non-loopback IPv4 addresses of this machine's interfaces (read locally; no traffic is sent).
    public static func localIPv4Addresses() -> [String] {
        let devices = (try? System.enumerateDevices()) ?? []
        var addresses: Set<String> = []
        for device in devices {
            guard let address = device.address, case .v4 = address, let ip = address.ipAddress else { continue }
            if ip.hasPrefix("127.") { continue }
            addresses.insert(ip)
        }
        return addresses.sorted()
    }
}
