/// A name from the network, made safe to put in a log line: quoted, every byte outside printable ASCII (and the
/// quote and backslash) escaped, and cut at ``maxLength`` characters, so a peer cannot forge log lines, move the
/// terminal's cursor or flood the log.
struct LogSafeName: CustomStringConvertible {
    /// The most characters of the escaped name that are kept (an ellipsis marks a cut).
    static let maxLength = 64

    let description: String

    init(_ name: String) {
        var escaped = ""
        for scalar in name.unicodeScalars {
            let piece: String
            switch scalar {
            case "\"": piece = "\\\""
            case "\\": piece = "\\\\"
            case "\n": piece = "\\n"
            case "\r": piece = "\\r"
            case "\t": piece = "\\t"
            case " "..."~": piece = String(scalar)
            default: piece = "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
            guard escaped.count + piece.count <= Self.maxLength else {
                escaped += "…"
                break
            }
            escaped += piece
        }
        self.description = "\"" + escaped + "\""
    }
}
