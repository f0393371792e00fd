/// One ZAP request (RFC 27) as libzmq sends it to the handler: the frames after the ROUTER envelope.
struct ZapRequest: Equatable {
    let requestID: [UInt8]
    let domain: String
    let address: String
    let mechanism: String
    let credentials: [[UInt8]]

    /// Parses `frames` (delimiter, version, request id, domain, address, identity, mechanism, credentials...);
    /// `nil` for anything else.
    init?(frames: [[UInt8]]) {
        guard frames.count >= 7, frames[0].isEmpty, frames[1] == Array("1.0".utf8), frames[2].count <= 255 else {
            return nil
        }
        for frame in frames[3...6] where frame.count > 255 { return nil }
        self.requestID = frames[2]
        self.domain = String(decoding: frames[3], as: UTF8.self)
        self.address = String(decoding: frames[4], as: UTF8.self)
        self.mechanism = String(decoding: frames[6], as: UTF8.self)
        self.credentials = Array(frames[7...])
    }

    /// The reply frames (after the envelope): `status` 200 admits, 400 refuses; `userID` names the peer.
    func reply(status: Int, text: String, userID: String) -> [[UInt8]] {
        [[], Array("1.0".utf8), self.requestID, Array("\(status)".utf8), Array(text.utf8), Array(userID.utf8), []]
    }
}
