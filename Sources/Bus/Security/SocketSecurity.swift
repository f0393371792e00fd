/// How one socket authenticates: not at all, as a CURVE server, or as a CURVE client (RFC 26).
///
/// A binding socket is the server: it proves itself with its key pair and admits only the clients the ZAP handler
/// lists for its domain (``ZapHandler``). A connecting socket is the client: it proves itself with its own key pair
/// and accepts only a server holding `serverKey`.
public enum SocketSecurity: Hashable, Sendable {
    /// The ZAP domain of control sockets (stop and status).
    public static let controlDomain = "control"
    /// The ZAP domain of results sockets.
    public static let resultsDomain = "results"

    /// No authentication, no encryption (loopback and `ipc://` endpoints, or `security.allow_unauthenticated`).
    case none
    /// A CURVE server whose clients the ZAP handler admits by `domain`.
    case server(CurveKeyPair, domain: String)
    /// A CURVE client of the server whose public key is `serverKey`.
    case client(CurveKeyPair, serverKey: CurveKey)

    /// Sets the socket options; call before binding or connecting.
    public func apply(to socket: ZMQSocket) throws(ZMQError) {
        switch self {
        case .none:
            break
        case .server(let keys, let domain):
            try socket.setZapDomain(domain)
            try socket.setCurveServer(secretKey: keys.secretKey.z85)
        case .client(let keys, let serverKey):
            try socket.setCurveClient(publicKey: keys.publicKey.z85, secretKey: keys.secretKey.z85, serverKey: serverKey.z85)
        }
    }

    /// Whether connections are authenticated.
    public var isAuthenticated: Bool { self != .none }
}
