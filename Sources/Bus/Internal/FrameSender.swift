import WireFormat

/// Sends one sender's messages on its socket: each is encoded into one frame allocated once, whose header holds
/// the sender name written once, with the next sequence number; what libzmq queued or refused is counted.
final class FrameSender {
    let sender: String
    let socket: ZMQSocket
    let counters: ChannelCounters
    private let bytes: UnsafeMutableRawBufferPointer
    /// Where the payload starts, after the sender name.
    private let payloadOffset: Int
    private var sequence: UInt64 = 0

    init(sender: String, socket: ZMQSocket, counters: ChannelCounters) {
        self.sender = sender
        self.socket = socket
        self.counters = counters
        self.bytes = .allocate(byteCount: WireFormat.maxFrameSize, alignment: 8)
        self.payloadOffset = WireFormat.writeSender(sender, into: self.bytes)
    }

    deinit {
        self.bytes.deallocate()
    }

    /// Encodes `payload` (sent now, with the next sequence number) and sends it.
    /// - Parameter wait: block until libzmq queues it, rather than drop it when it cannot.
    /// - Returns: `true` if queued (counted as sent), `false` if dropped (counted as dropped).
    @inline(__always)
    func send(_ payload: BusMessage.Payload, wait: Bool) throws(BusError) -> Bool {
        let length = WireFormat.encode(
            payload, sequence: self.sequence, payloadOffset: self.payloadOffset, into: self.bytes)
        self.sequence &+= 1
        let queued: Bool
        do {
            queued = try self.socket.send(UnsafeRawBufferPointer(rebasing: self.bytes[0..<length]), wait: wait)
        } catch {
            throw .zmq(error)
        }
        if queued {
            self.counters.countSent()
        } else {
            self.counters.countDropped()
        }
        return queued
    }
}
