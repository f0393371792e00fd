import NIOCore
import NIOWebSocket
import Synchronization

/// The bytes of binary frames handed to a connection's channel and not yet written to its socket.
///
/// `Channel.isWritable` alone does not bound memory when values are set from outside the event loop: each write is
/// queued as an event loop task first, and a busy loop (masking a large frame on a slow board) lets those tasks pile
/// up before the channel's own buffer turns unwritable. Counting from the caller's side closes that gap: once
/// ``limitBytes`` are outstanding the client holds values back (the latest per topic), and when the backlog drains
/// below the limit the channel's handler is told, as after a socket stall, so held values go out.
final class NT4OutboundBacklog: Sendable {
    /// Outstanding bytes at which the connection counts as backed up.
    static let limitBytes = 1 << 20
    private let bytes = Atomic<Int>(0)

    /// Whether ``limitBytes`` or more are waiting to be written.
    var isBackedUp: Bool { self.bytes.load(ordering: .relaxed) >= Self.limitBytes }

    /// Writes and flushes a masked binary frame of `payload`, counted until the write completes or fails.
    func writeBinary(_ payload: [UInt8], on channel: any Channel) {
        let frame = WebSocketFrame(
            fin: true,
            opcode: .binary,
            maskKey: .random(),
            data: channel.allocator.buffer(bytes: payload)
        )
        let count = payload.count
        self.bytes.add(count, ordering: .relaxed)
        let promise = channel.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenComplete { _ in
            let remaining = self.bytes.subtract(count, ordering: .relaxed).newValue
            if remaining < Self.limitBytes, remaining + count >= Self.limitBytes {
                channel.pipeline.fireChannelWritabilityChanged()
            }
        }
        channel.writeAndFlush(frame, promise: promise)
    }
}
