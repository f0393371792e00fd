import Testing

@testable import NetworkTables

struct TimeSyncPacketTests {
    @Test func pingIsPhotonVisionsLittleEndianLayout() {
        // photonlibpy: struct.pack("<BBQ", 1, 1, 0x0102030405060708)
        #expect(TimeSyncPacket.ping(clientMicros: 0x0102_0304_0506_0708) == [1, 1, 8, 7, 6, 5, 4, 3, 2, 1])
    }

    @Test func pongRoundTrips() throws {
        let pong = TimeSyncPacket.Pong(clientMicros: 123_456_789, serverMicros: .max)
        let bytes = TimeSyncPacket.pong(pong)
        #expect(bytes.count == 18)
        #expect(bytes.prefix(2) == [1, 2])
        #expect(try TimeSyncPacket.decodePong(bytes) == pong)
    }

    @Test func rejectsOtherSizesVersionsAndIDs() {
        let good = TimeSyncPacket.pong(.init(clientMicros: 1, serverMicros: 2))
        #expect(throws: TimeSyncPacket.DecodingError.wrongSize(17)) { try TimeSyncPacket.decodePong(good.dropLast()) }
        #expect(throws: TimeSyncPacket.DecodingError.wrongSize(19)) { try TimeSyncPacket.decodePong(good + [0]) }
        #expect(throws: TimeSyncPacket.DecodingError.wrongSize(0)) { try TimeSyncPacket.decodePong([]) }
        var other = good
        other[0] = 2
        #expect(throws: TimeSyncPacket.DecodingError.wrongVersion(2)) { try TimeSyncPacket.decodePong(other) }
        other = good
        other[1] = 1
        #expect(throws: TimeSyncPacket.DecodingError.wrongMessageID(1)) { try TimeSyncPacket.decodePong(other) }
    }
}
