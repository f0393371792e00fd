import CZeroMQ

extension ZMQMessage {
    /// A metadata property of the connection the message came on (`zmq_msg_gets`), e.g. `User-Id` (the name the
    /// ZAP handler gave the peer's key) or `Peer-Address`; `nil` when the connection has none.
    public func metadata(_ property: String) -> String? {
        guard let value = zmq_msg_gets(self.pointer, property) else { return nil }
        return String(cString: value)
    }
}
