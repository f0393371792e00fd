import Testing

@testable import Streaming

@Suite struct MJPEGFormatTests {
    @Test func partHeaderMatchesCscore() {
        let header = MJPEGFormat.partHeader(length: 1234, captureTime: 12_345_678_901)
        #expect(
            header
                == "\r\n--boundarydonotcross\r\nContent-Type: image/jpeg\r\nContent-Length: 1234\r\nX-Timestamp: 12.345678\r\n\r\n"
        )
        #expect(MJPEGFormat.streamContentType == "multipart/x-mixed-replace;boundary=boundarydonotcross")
    }

    @Test func timestampRoundTrips() {
        #expect(MJPEGFormat.timestamp(5_000_001_000) == "5.000001")
        #expect(MJPEGFormat.parseTimestamp("5.000001") == 5_000_001_000)
        #expect(MJPEGFormat.parseTimestamp("7") == 7_000_000_000)
        #expect(MJPEGFormat.parseTimestamp("x.5") == nil)
    }
}
