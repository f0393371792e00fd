import CZeroMQ

/// A service's or an operator's CURVE identity: its public key (shared) and its secret key (kept private).
public struct CurveKeyPair: Hashable, Sendable {
    public let publicKey: CurveKey
    public let secretKey: CurveKey

    public init(publicKey: CurveKey, secretKey: CurveKey) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// A new random key pair (`zmq_curve_keypair`).
    /// - Throws: ``SecurityError/curveUnavailable`` when libzmq has no CURVE.
    public static func generate() throws(SecurityError) -> CurveKeyPair {
        var publicText = [CChar](repeating: 0, count: 41)
        var secretText = [CChar](repeating: 0, count: 41)
        guard CurveKey.isSupported, zmq_curve_keypair(&publicText, &secretText) == 0 else { throw .curveUnavailable }
        func text(_ characters: [CChar]) -> String {
            String(decoding: characters.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return CurveKeyPair(publicKey: try CurveKey(z85: text(publicText)), secretKey: try CurveKey(z85: text(secretText)))
    }
}
