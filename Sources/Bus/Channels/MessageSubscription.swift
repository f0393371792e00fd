public import Logging
import Synchronization
import ThreadSupport
public import WireFormat

/// A consumer that runs its ``MessageReceiver`` on a dedicated thread and hands messages to Swift code: each one
/// to `onReceive` as it arrives, lent as a checked ``WireFormat/MessageView`` (any mode; the consumer decodes what it
/// keeps, e.g. the newest result) and, in `queue` mode, every one decoded and in order through ``messages``.
public final class MessageSubscription: Sendable {
    public let mode: ConsumerMode
    public let counters: ChannelCounters
    /// Every message in order (`queue` mode; finishes at once in `latest` mode). Bounded by the queue depth:
    /// when the reader falls behind, newer messages are dropped and counted.
    public let messages: AsyncStream<BusMessage>
    /// The endpoint bound last, e.g. the real port after binding `tcp://127.0.0.1:*`.
    public let boundEndpoint: String
    private let onReceive: (@Sendable (borrowing MessageView, _ receivedAt: UInt64) -> Void)?
    private let wake = PollWakePipe()
    private let stopping = Atomic<Bool>(false)
    private let thread: Mutex<DedicatedThread?> = Mutex(nil)

    /// Binds/connects `endpoints` and starts receiving on a dedicated thread.
    /// - Parameter onReceive: called on the receiving thread with each message taken and the ``MonotonicClock`` time
    ///   it arrived (keep it short; the view is valid only during the call).
    /// - Throws: ``BusError`` if a socket cannot be opened or an endpoint bound.
    public init(
        endpoints: Endpoints,
        mode: ConsumerMode,
        logger: Logger,
        security: SocketSecurity = .none,
        context: ZMQContext = .shared,
        onReceive: (@Sendable (borrowing MessageView, _ receivedAt: UInt64) -> Void)? = nil
    ) throws(BusError) {
        self.onReceive = onReceive
        self.mode = mode
        let (stream, continuation) = AsyncStream.makeStream(
            of: BusMessage.self,
            bufferingPolicy: { if case .queue(let depth) = mode { .bufferingOldest(max(1, depth)) } else { .bufferingNewest(0) } }()
        )
        self.messages = stream
        if case .latest = mode { continuation.finish() }
        // The receiver is created here so that bind errors reach the caller, then moved to its thread.
        let receiver = try MessageReceiver(
            endpoints: endpoints, mode: mode, logger: logger, security: security, context: context
        )
        self.counters = receiver.counters
        self.boundEndpoint = receiver.boundEndpoint
        let wakeIndex = receiver.addWakeSignal(self.wake)
        nonisolated(unsafe) let owned = receiver
        self.thread.withLock {
            $0 = DedicatedThread(name: "bus-receive") { [self] in
                self.receiveLoop(owned, wakeIndex: wakeIndex, continuation: continuation, logger: logger)
            }
        }
    }

    /// Stops receiving and closes the socket; returns when the thread has finished.
    public func stop() async {
        self.stopping.store(true, ordering: .releasing)
        self.wake.signal()
        await self.thread.withLock { $0 }?.joinAsync()
    }

    private func receiveLoop(
        _ receiver: MessageReceiver,
        wakeIndex: Int,
        continuation: AsyncStream<BusMessage>.Continuation,
        logger: Logger
    ) {
        defer { continuation.finish() }
        while !self.stopping.load(ordering: .acquiring) {
            let message: BusMessage??
            do {
                message = try receiver.receive(timeoutMilliseconds: -1) { view -> BusMessage? in
                    self.onReceive?(view, MonotonicClock.now())
                    guard case .queue = self.mode else { return nil }
                    return try? view.decode()
                }
            } catch {
                logger.error("receive failed; retrying", metadata: ["error": "\(error)"])
                self.wake.drain()
                continue
            }
            if receiver.didFire(wakeIndex) { self.wake.drain() }
            if case .some(.some(let message)) = message, case .dropped = continuation.yield(message) {
                receiver.counters.countDropped()
            }
        }
    }
}
