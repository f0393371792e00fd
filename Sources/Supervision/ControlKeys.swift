public import Bus
public import ServiceRuntime

/// The CURVE settings of `control`'s requests (`control stop|status`, and `control up` as a client of its
/// services): its own key pair and the public key of each service it addresses.
public enum ControlKeys {
    /// `--endpoint` targets with their `--server-key` files: one file for all, or one per endpoint in order.
    /// - Throws: ``ServiceRuntime/ConfigError`` when the counts do not match.
    public static func pair(endpoints: [String], serverKeyFiles: [String]) throws(ConfigError) -> [(endpoint: String, file: String)] {
        guard [0, 1, endpoints.count].contains(serverKeyFiles.count) else {
            throw .invalid("give one --server-key for all endpoints, or one per --endpoint (in the same order)")
        }
        return endpoints.enumerated().map { index, endpoint in
            (endpoint, serverKeyFiles.isEmpty ? "" : serverKeyFiles[min(index, serverKeyFiles.count - 1)])
        }
    }

    /// Client security for every service of `stack` (`control up`, `control stop|status` by name).
    /// - Throws: ``ServiceRuntime/ConfigError`` naming the file to fix.
    public static func security(for stack: StackConfiguration) throws(ConfigError) -> [String: SocketSecurity] {
        try Self.security(
            secretKeyFile: stack.security.secretKeyFile, serverKeyFiles: stack.services.map { ($0.control, $0.serverKeyFile) }
        )
    }

    /// Client security per endpoint.
    /// - Parameters:
    ///   - secretKeyFile: the operator's or supervisor's `NAME.key`; empty: no CURVE at all.
    ///   - serverKeyFiles: each endpoint's service public key file (`NAME.pub`); empty for a service without CURVE.
    /// - Throws: ``ServiceRuntime/ConfigError`` naming the file or flag to fix.
    public static func security(
        secretKeyFile: String,
        serverKeyFiles: [(endpoint: String, file: String)]
    ) throws(ConfigError) -> [String: SocketSecurity] {
        let given = serverKeyFiles.filter { !$0.file.isEmpty }
        guard !secretKeyFile.isEmpty else {
            guard given.isEmpty else {
                throw .invalid(
                    "a server key is given for \(given[0].endpoint) but no key of your own: pass --key NAME.key "
                        + "(or set security.secret_key_file)"
                )
            }
            return [:]
        }
        let keyPair: CurveKeyPair
        do {
            keyPair = try KeyFile.keyPair(at: secretKeyFile)
        } catch {
            throw .badValue(path: "--key / security.secret_key_file", reason: error.description)
        }
        var security: [String: SocketSecurity] = [:]
        for (endpoint, file) in given {
            do {
                security[endpoint] = .client(keyPair, serverKey: try KeyFile.publicKey(at: file))
            } catch {
                throw .badValue(path: "server key of \(endpoint)", reason: error.description)
            }
        }
        return security
    }
}
