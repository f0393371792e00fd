/// The constants and formatting of cscore's MJPEG-over-HTTP stream.
public enum MJPEGFormat {
    /// The multipart boundary cscore (and mjpg-streamer) use.
    public static let boundary = "boundarydonotcross"
    /// The stream response's content type.
    public static let streamContentType = "multipart/x-mixed-replace;boundary=\(boundary)"

    /// The bytes before one JPEG in the stream: boundary line, `Content-Type`, `Content-Length`, `X-Timestamp`.
    ///
    /// `X-Timestamp` is the capture time in seconds with microsecond digits, as cscore prints its frame time; here
    /// the clock is ``WireFormat/MonotonicClock``, so a client on the same host can compute the frame's age.
    public static func partHeader(length: Int, captureTime: UInt64) -> String {
        "\r\n--\(boundary)\r\nContent-Type: image/jpeg\r\nContent-Length: \(length)\r\nX-Timestamp: \(timestamp(captureTime))\r\n\r\n"
    }

    /// `nanoseconds` as seconds with six decimals (`12.345678`).
    public static func timestamp(_ nanoseconds: UInt64) -> String {
        let seconds = nanoseconds / 1_000_000_000
        var micros = String((nanoseconds % 1_000_000_000) / 1000)
        while micros.count < 6 { micros = "0" + micros }
        return "\(seconds).\(micros)"
    }

    /// Parses an `X-Timestamp` value back to nanoseconds.
    public static func parseTimestamp(_ text: Substring) -> UInt64? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let seconds = UInt64(parts[0]) else { return nil }
        var nanos: UInt64 = 0
        if parts.count == 2 {
            var digits = String(parts[1].prefix(9))
            guard digits.allSatisfy(\.isNumber) else { return nil }
            while digits.count < 9 { digits += "0" }
            nanos = UInt64(digits) ?? 0
        }
        return seconds * 1_000_000_000 + nanos
    }
}
