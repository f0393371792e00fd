/// PhotonVision's UDP time sync protocol (TSP, `wpinet`'s `TimeSyncServer`/`TimeSyncClient`; photonlibpy's
/// `timesync/timeSyncServer.py`): Cristian's algorithm between a coprocessor (client) and the robot (server).
///
/// Little-endian packets: a ping is `version: u8 = 1, id: u8 = 1, clientTime: u64` (10 bytes); the pong is
/// `version: u8 = 1, id: u8 = 2, clientTime: u64` (the ping's, echoed), `serverTime: u64` (the robot's FPGA time,
/// microseconds) (18 bytes).
public enum TimeSyncPacket {
    /// The protocol version both packets carry.
    public static let version: UInt8 = 1
    /// A ping's message id.
    public static let pingID: UInt8 = 1
    /// A pong's message id.
    public static let pongID: UInt8 = 2
    /// A ping's size in bytes.
    public static let pingSize = 10
    /// A pong's size in bytes.
    public static let pongSize = 18

    /// A decoded pong.
    public struct Pong: Sendable, Hashable {
        /// The client time of the ping it answers (our clock, microseconds).
        public var clientMicros: UInt64
        /// The server's (robot's) time when it answered, microseconds.
        public var serverMicros: UInt64
    }

    /// Why a datagram is not a pong.
    public enum DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
        case wrongSize(Int)
        case wrongVersion(UInt8)
        case wrongMessageID(UInt8)

        public var description: String {
            switch self {
            case .wrongSize(let size): "a datagram of \(size) bytes is not a pong (\(TimeSyncPacket.pongSize) bytes)"
            case .wrongVersion(let version): "pong version \(version), expected \(TimeSyncPacket.version)"
            case .wrongMessageID(let id): "message id \(id), expected \(TimeSyncPacket.pongID) (pong)"
            }
        }
    }

    /// The ping carrying `clientMicros`.
    public static func ping(clientMicros: UInt64) -> [UInt8] {
        var bytes: [UInt8] = [Self.version, Self.pingID]
        bytes.reserveCapacity(Self.pingSize)
        append(clientMicros, to: &bytes)
        return bytes
    }

    /// The pong carrying `pong` (the server side; used by tests).
    public static func pong(_ pong: Pong) -> [UInt8] {
        var bytes: [UInt8] = [Self.version, Self.pongID]
        bytes.reserveCapacity(Self.pongSize)
        append(pong.clientMicros, to: &bytes)
        append(pong.serverMicros, to: &bytes)
        return bytes
    }

    /// Decodes a pong.
    /// - Throws: ``DecodingError`` for a datagram of another size, version or message id.
    public static func decodePong(_ bytes: some Collection<UInt8>) throws(DecodingError) -> Pong {
        let bytes = Array(bytes)
        guard bytes.count == Self.pongSize else { throw .wrongSize(bytes.count) }
        guard bytes[0] == Self.version else { throw .wrongVersion(bytes[0]) }
        guard bytes[1] == Self.pongID else { throw .wrongMessageID(bytes[1]) }
        return Pong(clientMicros: integer(bytes, at: 2), serverMicros: integer(bytes, at: 10))
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    private static func integer(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << UInt64(8 * $1) }
    }
}
