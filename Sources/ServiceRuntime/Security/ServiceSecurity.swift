public import Bus
import Foundation
public import Logging

/// A service's loaded ``SecuritySection``: its key pair, the keys each role admits, and the ZAP handler that
/// admits them. Turns each bound endpoint into what may be bound (loopback only without keys).
public final class ServiceSecurity: Sendable {
    public let section: SecuritySection
    private let keyPair: CurveKeyPair?
    private let authorized: [String: [CurveKey: String]]
    private let logger: Logger
    private let zap: ZapHandler?

    /// Reads the key files and, with keys, starts the ZAP handler of `context` (before any socket binds).
    /// - Throws: ``ConfigError`` naming the key or file to fix.
    public init(_ section: SecuritySection, logger: Logger, context: ZMQContext = .shared) throws(ConfigError) {
        self.section = section
        self.logger = logger
        guard section.isEnabled else {
            (self.keyPair, self.authorized, self.zap) = (nil, [:], nil)
            if section.allowUnauthenticated {
                logger.warning(
                    "SECURITY: no CURVE keys and security.allow_unauthenticated is true: anyone who reaches this host can stop, query and feed this service"
                )
            } else {
                logger.notice(
                    "no CURVE keys configured (security.secret_key_file): control and results endpoints listen on loopback only"
                )
            }
            return
        }
        guard CurveKey.isSupported else {
            throw .invalid("security.secret_key_file is set, but \(SecurityError.curveUnavailable)")
        }
        do {
            self.keyPair = try KeyFile.keyPair(at: section.secretKeyFile)
        } catch {
            throw .badValue(path: "security.secret_key_file", reason: error.description)
        }
        self.authorized = [
            SocketSecurity.controlDomain:
                try Self.load(section.control.authorizedKeys, key: "security.control.authorized_keys"),
            SocketSecurity.resultsDomain:
                try Self.load(section.results.authorizedKeys, key: "security.results.authorized_keys"),
        ]
        do {
            self.zap = try ZapHandler(authorized: self.authorized, logger: logger, context: context)
        } catch {
            throw .invalid("cannot start the ZAP handler: \(error)")
        }
        let names = self.authorized.mapValues { $0.values.sorted().joined(separator: ", ") }
        logger.info(
            "CURVE on: control and results peers must hold an authorized key",
            metadata: [
                "public_key": "\(self.keyPair?.publicKey.z85 ?? "")",
                "control_keys": "\(names[SocketSecurity.controlDomain] ?? "")",
                "results_keys": "\(names[SocketSecurity.resultsDomain] ?? "")",
            ]
        )
    }

    /// Connections the ZAP handler refused.
    public var refusedConnections: UInt64 { self.zap?.refusedCount ?? 0 }

    /// The endpoint to bind for `endpoint` (read from config key `key`) and the socket's security in `domain`.
    /// - Throws: ``ConfigError`` when it binds a network address without keys (and unauthenticated binds are not
    ///   allowed), or when keys are configured but nobody is authorized for `domain`.
    public func bind(
        _ endpoint: String,
        domain: String,
        key: String
    ) throws(ConfigError) -> (endpoint: String, security: SocketSecurity) {
        if let keyPair = self.keyPair {
            guard self.authorized[domain]?.isEmpty == false else {
                throw .invalid(
                    "\(key) binds with CURVE but security.\(domain).authorized_keys is empty: nobody could connect; "
                        + "list the .pub files (or a directory of them) of the peers allowed on \(domain)"
                )
            }
            return (endpoint, .server(keyPair, domain: domain))
        }
        switch BindExposure(endpoint) {
        case .local:
            return (endpoint, .none)
        case _ where self.section.allowUnauthenticated:
            self.logger.warning("SECURITY: \(key) \(endpoint) is reachable from the network WITHOUT authentication")
            return (endpoint, .none)
        case .wildcard(let loopback):
            self.logger.notice(
                "\(key) \(endpoint) bound on loopback only as \(loopback): no CURVE keys (set security.secret_key_file to listen on the network)"
            )
            return (loopback, .none)
        case .network:
            throw .invalid(
                "\(key) `\(endpoint)` listens on the network without authentication: set security.secret_key_file "
                    + "and the authorized keys (docs/security.md), bind a loopback address, or set "
                    + "security.allow_unauthenticated: true to let anyone on the network stop and feed this service"
            )
        }
    }

    /// The results channel's endpoints (binds made safe as ``bind(_:domain:key:)`` does) and its socket's security:
    /// a CURVE server when it binds, a client of `security.results.server_key_file` when it connects.
    /// - Throws: ``ConfigError`` naming the key to fix.
    public func results(
        _ endpoints: Endpoints
    ) throws(ConfigError) -> (endpoints: Endpoints, security: SocketSecurity) {
        guard let keyPair = self.keyPair, endpoints.bind.isEmpty else {
            var binds: [String] = []
            var security = SocketSecurity.none
            for endpoint in endpoints.bind {
                let bound = try self.bind(endpoint, domain: SocketSecurity.resultsDomain, key: "results.bind")
                binds.append(bound.endpoint)
                security = bound.security
            }
            if security.isAuthenticated, !endpoints.connect.isEmpty {
                throw .invalid(
                    "with CURVE keys the results socket either binds (a CURVE server) or connects (a client): "
                        + "set results.bind or results.connect, not both"
                )
            }
            return (Endpoints(bind: binds, connect: endpoints.connect), security)
        }
        guard !self.section.results.serverKeyFile.isEmpty else {
            throw .invalid(
                "results.connect with CURVE needs the public key of the service it connects to: "
                    + "set security.results.server_key_file (e.g. camstreamer.pub)"
            )
        }
        do {
            let serverKey = try KeyFile.publicKey(at: self.section.results.serverKeyFile)
            return (endpoints, .client(keyPair, serverKey: serverKey))
        } catch {
            throw .badValue(path: "security.results.server_key_file", reason: error.description)
        }
    }

    /// The client security for connecting to a service whose public key is in `serverKeyFile`; `.none` without
    /// keys or without a server key file.
    /// - Throws: ``ConfigError`` naming `key` when the file cannot be read.
    public func client(serverKeyFile: String, key: String) throws(ConfigError) -> SocketSecurity {
        guard let keyPair = self.keyPair, !serverKeyFile.isEmpty else { return .none }
        do {
            return .client(keyPair, serverKey: try KeyFile.publicKey(at: serverKeyFile))
        } catch {
            throw .badValue(path: key, reason: error.description)
        }
    }

    /// Stops the ZAP handler (after the sockets it serves are closed).
    public func stop() async {
        await self.zap?.stop()
    }

    /// The keys of `paths` (files, or directories of `.pub` files) by name.
    private static func load(_ paths: [String], key: String) throws(ConfigError) -> [CurveKey: String] {
        var keys: [CurveKey: String] = [:]
        for path in paths {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            do {
                if isDirectory.boolValue {
                    for (name, publicKey) in try KeyFile.publicKeys(inDirectory: path) { keys[publicKey] = name }
                } else {
                    keys[try KeyFile.publicKey(at: path)] = KeyFile.name(ofPath: path)
                }
            } catch {
                throw .badValue(path: key, reason: error.description)
            }
        }
        return keys
    }
}
