import CZeroMQ

/// Waits on several sockets and file descriptors at once (`zmq_poll`), reusing its item array between polls.
public final class ZMQPoller {
    private var items: [zmq_pollitem_t] = []

    public init() {}

    /// Adds a socket to wait for input on; returns its index for ``isReadable(_:)``.
    @discardableResult
    public func add(_ socket: ZMQSocket) -> Int {
        self.items.append(zmq_pollitem_t(socket: socket.rawHandle, fd: -1, events: Int16(ZMQ_POLLIN), revents: 0))
        return self.items.count - 1
    }

    /// Adds a file descriptor (e.g. a `PollWakePipe`) to wait for input on; returns its index.
    @discardableResult
    public func add(fileDescriptor: Int32) -> Int {
        self.items.append(zmq_pollitem_t(socket: nil, fd: fileDescriptor, events: Int16(ZMQ_POLLIN), revents: 0))
        return self.items.count - 1
    }

    /// Points entry `index` at a replacement socket (after a socket was closed and reopened).
    public func replace(_ index: Int, with socket: ZMQSocket) {
        self.items[index].socket = socket.rawHandle
    }

    /// Leaves entry `index` out of polls until ``replace(_:with:)`` (its socket was closed).
    public func disable(_ index: Int) {
        self.items[index].socket = nil
        self.items[index].fd = -1
    }

    /// Waits until an item has input or `timeoutMilliseconds` pass (-1 waits forever).
    /// - Returns: the number of items with input.
    @discardableResult
    public func poll(timeoutMilliseconds: Int) throws(ZMQError) -> Int {
        while true {
            let count = self.items.withUnsafeMutableBufferPointer { items in
                zmq_poll(items.baseAddress, Int32(items.count), timeoutMilliseconds)
            }
            if count >= 0 { return Int(count) }
            let code = zmq_errno()
            if code != EINTR { throw ZMQError(operation: "zmq_poll", code: code) }
        }
    }

    /// Whether item `index` had input at the last ``poll(timeoutMilliseconds:)``.
    public func isReadable(_ index: Int) -> Bool {
        self.items[index].revents & Int16(ZMQ_POLLIN) != 0
    }
}
