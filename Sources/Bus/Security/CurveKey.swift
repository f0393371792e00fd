import CZeroMQ
import Foundation

/// A CURVE key (RFC 26: 32 bytes of Curve25519), held as its 40-character Z85 text.
public struct CurveKey: Hashable, Sendable, CustomStringConvertible {
    /// The key as 40 characters of Z85, as libzmq's key options and key files take it.
    public let z85: String

    /// Checks `z85` (surrounding spaces ignored).
    /// - Throws: ``SecurityError/malformedKey(_:)`` unless it is 40 characters of Z85.
    public init(z85: String) throws(SecurityError) {
        let text = z85.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count == 40, Self.decode(text) != nil else { throw .malformedKey(z85) }
        self.z85 = text
    }

    /// The key from its 32 raw bytes (the `credentials` frame of a ZAP request).
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var text = [CChar](repeating: 0, count: 41)
        let input = Array(bytes)
        guard zmq_z85_encode(&text, input, 32) != nil else { return nil }
        self.z85 = String(decoding: text.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The 32 raw bytes.
    public var bytes: [UInt8] { Self.decode(self.z85) ?? [] }

    /// The Z85 text; public keys are safe to log.
    public var description: String { self.z85 }

    /// Whether the linked libzmq can do CURVE (`zmq_has("curve")`).
    public static var isSupported: Bool { zmq_has("curve") == 1 }

    private static func decode(_ text: String) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: 32)
        guard zmq_z85_decode(&bytes, text) != nil else { return nil }
        return bytes
    }
}
