import CZeroMQ

/// A libzmq context: the I/O threads that every socket of a process shares.
///
/// libzmq contexts are thread-safe, so one is shared by all sockets and threads of a process (``shared``).
public final class ZMQContext: Sendable {
    /// The process-wide context.
    public static let shared = ZMQContext()

    // A libzmq context is documented as thread-safe; the pointer is only read after init.
    nonisolated(unsafe) let handle: UnsafeMutableRawPointer

    /// Creates a context with one I/O thread.
    public init() {
        guard let handle = zmq_ctx_new() else {
            fatalError("zmq_ctx_new failed: \(ZMQError(operation: "zmq_ctx_new"))")
        }
        self.handle = handle
    }

    deinit {
        zmq_ctx_term(self.handle)
    }

    /// The linked libzmq version as `major.minor.patch`.
    public static var libraryVersion: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
