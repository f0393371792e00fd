import CZeroMQ

/// A libzmq call failed. Carries the `errno` and libzmq's text for it.
public struct ZMQError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The libzmq call that failed, e.g. `zmq_bind(tcp://*:5801)`.
    public let operation: String
    /// The `errno` value libzmq reported.
    public let code: Int32

    public init(operation: String, code: Int32 = zmq_errno()) {
        self.operation = operation
        self.code = code
    }

    /// The address is taken by another process (`EADDRINUSE`).
    public var isAddressInUse: Bool { self.code == EADDRINUSE }

    public var description: String {
        let text = String(cString: zmq_strerror(self.code))
        var hint = ""
        if self.code == EADDRINUSE {
            hint = " (another process uses this port: stop it or pick another endpoint)"
        } else if self.code == EINVAL || self.code == EPROTONOSUPPORT {
            hint = " (check the endpoint: it looks like tcp://HOST:PORT or ipc:///path)"
        } else if self.code == ENODEV {
            hint = " (the host or interface in the endpoint does not exist on this machine)"
        }
        return "\(self.operation) failed: \(text)\(hint)"
    }
}
