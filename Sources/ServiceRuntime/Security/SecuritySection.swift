/// The `security` section: CURVE keys (RFC 26) for the endpoints that cross hosts. Key files are written by
/// `control keygen` (docs/security.md).
///
/// With no `secret_key_file`, nothing is authenticated: the service binds its control and results endpoints on
/// loopback only (a `*` or `0.0.0.0` host becomes `127.0.0.1`), and a bind on another address is a configuration
/// error unless `allow_unauthenticated` is true.
public struct SecuritySection: Codable, Sendable, Hashable {
    /// Keys of one socket role.
    public struct Role: Codable, Sendable, Hashable {
        /// Public key files (`NAME.pub`) and directories of them whose holders may connect to this role's bound
        /// endpoints; a key's name (its file name) is logged with what it did.
        public var authorizedKeys: [String] = []
        /// The public key file of the service this role connects to (targeting's results go to camstreamer's key).
        public var serverKeyFile: String = ""

        public init(authorizedKeys: [String] = [], serverKeyFile: String = "") {
            self.authorizedKeys = authorizedKeys
            self.serverKeyFile = serverKeyFile
        }
    }

    /// This program's key pair (a `NAME.key` file, mode 0600); empty turns CURVE off.
    public var secretKeyFile: String = ""
    /// Bind non-loopback endpoints without keys anyway (anyone on the network can then stop the service).
    public var allowUnauthenticated: Bool = false
    /// The stop and status channel: keys of the operators and the supervisor.
    public var control = Role()
    /// The results channel: on the binding side (camstreamer) the targeting services' keys; on the connecting side
    /// (targeting) `server_key_file` is camstreamer's public key.
    public var results = Role()

    public init() {}

    /// Whether keys are configured.
    public var isEnabled: Bool { !self.secretKeyFile.isEmpty }
}
