/// Where a channel socket listens and where it connects. Either list may be empty.
///
/// Endpoints are libzmq addresses: `tcp://*:5805` or `tcp://0.0.0.0:5805` to listen on all interfaces,
/// `tcp://camstreamer:5805` to connect by host name, `ipc:///run/robot-vision/results` for a local socket.
public struct Endpoints: Hashable, Sendable, Codable {
    /// Addresses to bind (listen on).
    public var bind: [String]
    /// Addresses to connect to; libzmq reconnects on its own when a peer restarts.
    public var connect: [String]

    public init(bind: [String] = [], connect: [String] = []) {
        self.bind = bind
        self.connect = connect
    }

    /// Binds and connects `socket` as configured.
    /// - Throws: ``BusError`` naming the endpoint that failed.
    func apply(to socket: ZMQSocket) throws(BusError) {
        guard !self.bind.isEmpty || !self.connect.isEmpty else { throw .noEndpoints }
        for endpoint in self.bind {
            do { try socket.bind(endpoint) } catch { throw .endpoint(endpoint, error) }
        }
        for endpoint in self.connect {
            do { try socket.connect(endpoint) } catch { throw .endpoint(endpoint, error) }
        }
    }
}
