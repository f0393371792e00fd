import CZeroMQ

extension ZMQSocket {
    /// Subscribes a SUB socket to every message (the empty prefix).
    public func subscribeToAll() throws(ZMQError) {
        guard let handle = self.rawHandle else {
            throw ZMQError(operation: "zmq_setsockopt(ZMQ_SUBSCRIBE)", code: ENOTSOCK)
        }
        guard zmq_setsockopt(handle, ZMQ_SUBSCRIBE, nil, 0) == 0 else {
            throw ZMQError(operation: "zmq_setsockopt(ZMQ_SUBSCRIBE)")
        }
    }
}
