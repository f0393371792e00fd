import CZeroMQ

/// A received libzmq message, reused from frame to frame: ``ZMQSocket/receive(into:wait:)`` hands over libzmq's
/// own buffer, so a frame is read in place instead of being copied out first.
///
/// Like the socket it is read from, it belongs to one thread.
public final class ZMQMessage {
    private let message: UnsafeMutablePointer<zmq_msg_t>

    public init() {
        self.message = .allocate(capacity: 1)
        zmq_msg_init(self.message)
    }

    deinit {
        zmq_msg_close(self.message)
        self.message.deallocate()
    }

    /// The bytes of the frame received last (valid until the next receive).
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: zmq_msg_data(self.message), count: zmq_msg_size(self.message))
    }

    /// Whether more parts of a multi-part message follow this frame.
    public var hasMoreParts: Bool { zmq_msg_more(self.message) != 0 }

    var pointer: UnsafeMutablePointer<zmq_msg_t> { self.message }
}
