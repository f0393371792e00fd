import Logging
import NIOCore
import Synchronization
import WireFormat

/// The meeting point of one camera's producer and its HTTP clients.
///
/// The producer (a camera thread) calls ``publish(captureTime:sourceWidth:sourceHeight:encode:)`` with a closure that
/// encodes the current image in a given ``StreamVariant``; the hub calls it once per variant that some client needs
/// (none when nobody watches) and keeps only the newest frame of each variant. Clients are woken after each publish
/// and fetch the newest frame with ``newestFrame(for:after:)``: a slow client skips frames, it never queues them.
///
/// All state sits behind one `Mutex`; encoding and client wake-ups run outside it.
public final class FrameHub: Sendable {
    /// A client's registration, returned by ``subscribe(limits:wake:)``.
    public struct Subscription: Hashable, Sendable {
        /// The hub-unique id.
        public let id: UInt64
    }

    /// What ``publish(captureTime:sourceWidth:sourceHeight:encode:)`` did with a frame.
    public enum PublishOutcome: Hashable, Sendable {
        /// Nobody is subscribed: nothing was encoded.
        case noClients
        /// The budget's frame rate left no room for this frame: nothing was encoded.
        case skippedForRate
        /// The frame was encoded in this many variants and published.
        case published(variants: Int)
    }

    private struct Subscriber {
        var limits: ClientLimits
        var variant: StreamVariant?
        var wake: @Sendable () -> Void
        var evict: @Sendable () -> Void
        /// When the oldest frame this client has not fetched was published (`nil`: it has the newest).
        var behindSince: UInt64?
    }

    private struct State {
        var nextID: UInt64 = 1
        var subscribers: [UInt64: Subscriber] = [:]
        var rejected = 0
        var evicted = 0
        var settings: StreamSettings
        var limiter: FrameRateLimiter
        var sequence: UInt64 = 0
        var latest: [StreamVariant: StreamFrame] = [:]
        var sourceWidth = 0
        var sourceHeight = 0
        var offered = RateMeter()
        var lastOfferedCapture: UInt64?
        var published = RateMeter()
        var sent = RateMeter()
        var bytesPerFrame: Double?
        var encodeMilliseconds: Double?
        var totalPublished = 0
        var totalFramesSent = 0
        var totalBytesSent = 0
    }

    /// The stream's name, used in logs and status.
    public let name: String
    /// The most clients served at once; more get 503.
    public let maxClients: Int
    /// How far behind the newest frame a client must be (nanoseconds) to lose its slot to a new client when the
    /// stream is full.
    public let evictionLagNanoseconds: UInt64
    private let state: Mutex<State>

    /// Creates a hub.
    /// - Parameters:
    ///   - name: The camera's name.
    ///   - maxClients: The client cap (at least 1).
    ///   - settings: The initial budget settings; the budget controller replaces them while running.
    ///   - evictionLagNanoseconds: See ``evictionLagNanoseconds``; default 0.5 s.
    public init(name: String, maxClients: Int, settings: StreamSettings, evictionLagNanoseconds: UInt64 = 500_000_000) {
        self.name = name
        self.maxClients = max(1, maxClients)
        self.evictionLagNanoseconds = evictionLagNanoseconds
        self.state = Mutex(State(settings: settings, limiter: FrameRateLimiter(framesPerSecond: settings.framesPerSecond)))
    }

    // MARK: - Budget

    /// The quality, frame rate and scale frames are published at.
    public var settings: StreamSettings {
        get { self.state.withLock { $0.settings } }
        set {
            self.state.withLock { state in
                if state.settings.quality != newValue.quality || state.settings.scale != newValue.scale {
                    // Bytes per frame at the old settings say nothing about the new ones.
                    state.bytesPerFrame = nil
                }
                state.settings = newValue
                state.limiter.setRate(newValue.framesPerSecond)
            }
        }
    }

    // MARK: - Clients

    /// Registers a client. When ``maxClients`` are already registered, the client furthest behind the newest frame
    /// loses its slot (its `evict` is called) if it is at least ``evictionLagNanoseconds`` behind: a slow reader
    /// cannot keep a new client out. Otherwise returns `nil` (and counts the rejection).
    /// - Parameters:
    ///   - limits: What the client asked for.
    ///   - wake: Called (on the producer's thread, outside the hub's lock) after each publish. It must be cheap:
    ///     typically it schedules work on the client's event loop.
    ///   - evict: Called (outside the hub's lock) when this client loses its slot to a newer one; it is already
    ///     unsubscribed then and should close its connection.
    public func subscribe(
        limits: ClientLimits,
        wake: @escaping @Sendable () -> Void,
        evict: @escaping @Sendable () -> Void = {}
    ) -> Subscription? {
        let now = MonotonicClock.now()
        let (subscription, evicted) = self.state.withLock { state -> (Subscription?, (@Sendable () -> Void)?) in
            var evicted: (@Sendable () -> Void)?
            if state.subscribers.count >= self.maxClients {
                let lagging = state.subscribers.compactMap { id, subscriber in
                    subscriber.behindSince.map { (id: id, lag: now &- $0) }
                }.max { $0.lag < $1.lag }
                guard let lagging, lagging.lag >= self.evictionLagNanoseconds,
                    let victim = state.subscribers.removeValue(forKey: lagging.id)
                else {
                    state.rejected += 1
                    return (nil, nil)
                }
                state.evicted += 1
                evicted = victim.evict
            }
            let id = state.nextID
            state.nextID += 1
            var subscriber = Subscriber(limits: limits, variant: nil, wake: wake, evict: evict)
            if state.sourceWidth > 0 {
                subscriber.variant = limits.variant(
                    sourceWidth: state.sourceWidth, sourceHeight: state.sourceHeight, settings: state.settings)
            }
            state.subscribers[id] = subscriber
            return (Subscription(id: id), evicted)
        }
        evicted?()
        return subscription
    }

    /// How far behind the newest frame a client is, nanoseconds: the time since the oldest frame it has not
    /// fetched was published (0 when it has the newest, or is not registered).
    public func lag(of subscription: Subscription, at time: UInt64 = MonotonicClock.now()) -> UInt64 {
        self.state.withLock { state in
            state.subscribers[subscription.id]?.behindSince.map { time &- $0 } ?? 0
        }
    }

    /// Removes a client. Removing an unknown or already removed subscription does nothing.
    public func unsubscribe(_ subscription: Subscription) {
        self.state.withLock { state in
            state.subscribers[subscription.id] = nil
            if state.subscribers.isEmpty {
                // Nobody watches: drop the frames so that a later client never gets a stale one.
                state.latest = [:]
            }
        }
    }

    /// Registered clients.
    public var clientCount: Int { self.state.withLock { $0.subscribers.count } }

    /// The newest frame in the client's variant if it is newer than `sequence`, else `nil`.
    /// Fetching a frame counts as catching up (see ``lag(of:at:)``).
    public func newestFrame(for subscription: Subscription, after sequence: UInt64) -> StreamFrame? {
        self.state.withLock { state -> StreamFrame? in
            guard let variant = state.subscribers[subscription.id]?.variant,
                let frame = state.latest[variant], frame.sequence > sequence
            else { return nil }
            state.subscribers[subscription.id]?.behindSince = nil
            return frame
        }
    }

    /// Counts one frame of `bytes` bytes that left the server for a client (for ``statistics(at:)``).
    public func recordSent(bytes: Int, at time: UInt64 = MonotonicClock.now()) {
        self.state.withLock { state in
            state.sent.record(bytes: bytes, at: time)
            state.totalFramesSent += 1
            state.totalBytesSent += bytes
        }
    }

    // MARK: - Producer

    /// Whether a frame captured now would be encoded: some client watches and the budget's frame rate has room.
    ///
    /// Producers can call it to skip drawing overlays on frames that would be dropped. It does not use up the
    /// rate allowance; ``publish(captureTime:sourceWidth:sourceHeight:encode:)`` decides again.
    ///
    /// Pass the frame's capture time: it also counts the camera's frame rate (``StreamStatistics/framesOfferedPerSecond``),
    /// once per capture time however many of the two calls a frame goes through.
    public func wantsFrame(at time: UInt64 = MonotonicClock.now()) -> Bool {
        self.state.withLock { state in
            Self.recordOffer(&state, captureTime: time)
            guard !state.subscribers.isEmpty else { return false }
            var probe = state.limiter
            return probe.admit(at: time)
        }
    }

    /// Publishes the producer's current image.
    ///
    /// The hub decides which variants are needed (one per distinct effective variant of the registered clients;
    /// none if there are no clients or the budget's frame rate says skip), calls `encode` for each on the caller's
    /// thread, outside its lock, then stores the frames and wakes the clients.
    /// - Parameters:
    ///   - captureTime: When the camera captured the image, ``WireFormat/MonotonicClock`` nanoseconds.
    ///   - sourceWidth: The image's width before scaling.
    ///   - sourceHeight: The image's height before scaling.
    ///   - encode: Returns the JPEG bytes of the image at the variant's size and quality.
    /// - Throws: Whatever `encode` throws; nothing is published then.
    @discardableResult
    public func publish<E: Error>(
        captureTime: UInt64,
        sourceWidth: Int,
        sourceHeight: Int,
        encode: (StreamVariant) throws(E) -> [UInt8]
    ) throws(E) -> PublishOutcome {
        let now = MonotonicClock.now()
        let plan = self.state.withLock { state -> (variants: Set<StreamVariant>, defaultVariant: StreamVariant)? in
            Self.recordOffer(&state, captureTime: captureTime)
            guard !state.subscribers.isEmpty else { return nil }
            guard state.limiter.admit(at: now) else { return ([], StreamVariant(width: 0, height: 0, quality: 0)) }
            state.sourceWidth = sourceWidth
            state.sourceHeight = sourceHeight
            var variants = Set<StreamVariant>()
            for (id, subscriber) in state.subscribers {
                let variant = subscriber.limits.variant(
                    sourceWidth: sourceWidth, sourceHeight: sourceHeight, settings: state.settings)
                state.subscribers[id]?.variant = variant
                variants.insert(variant)
            }
            let defaultVariant = ClientLimits.none.variant(
                sourceWidth: sourceWidth, sourceHeight: sourceHeight, settings: state.settings)
            return (variants, defaultVariant)
        }
        guard let plan else { return .noClients }
        guard !plan.variants.isEmpty else { return .skippedForRate }

        let encodeStart = MonotonicClock.now()
        var encoded: [(StreamVariant, [UInt8])] = []
        encoded.reserveCapacity(plan.variants.count)
        for variant in plan.variants {
            encoded.append((variant, try encode(variant)))
        }
        let encodeMilliseconds = Double(MonotonicClock.now() - encodeStart) / 1e6

        let wakes = self.state.withLock { state -> [@Sendable () -> Void] in
            state.sequence += 1
            var latest: [StreamVariant: StreamFrame] = [:]
            for (variant, bytes) in encoded {
                let frame = StreamFrame(
                    sequence: state.sequence, captureTime: captureTime, variant: variant,
                    jpeg: ByteBuffer(bytes: bytes))
                latest[variant] = frame
                if variant == plan.defaultVariant {
                    state.bytesPerFrame = Self.average(state.bytesPerFrame, Double(frame.wireBytes), weight: 0.2)
                }
            }
            state.latest = latest
            state.published.record(bytes: 0, at: now)
            state.totalPublished += 1
            state.encodeMilliseconds = Self.average(state.encodeMilliseconds, encodeMilliseconds, weight: 0.1)
            for id in state.subscribers.keys where state.subscribers[id]?.behindSince == nil {
                state.subscribers[id]?.behindSince = now
            }
            return state.subscribers.values.map(\.wake)
        }
        for wake in wakes { wake() }
        return .published(variants: encoded.count)
    }

    // MARK: - Figures

    /// Current figures of this stream.
    public func statistics(at time: UInt64 = MonotonicClock.now()) -> StreamStatistics {
        self.state.withLock { state in
            let sent = state.sent.rates(at: time)
            return StreamStatistics(
                name: self.name,
                clients: state.subscribers.count,
                maxClients: self.maxClients,
                rejectedClients: state.rejected,
                evictedClients: state.evicted,
                settings: state.settings,
                sourceWidth: state.sourceWidth,
                sourceHeight: state.sourceHeight,
                framesOfferedPerSecond: state.offered.rates(at: time).eventsPerSecond,
                framesPublishedPerSecond: state.published.rates(at: time).eventsPerSecond,
                framesSentPerSecond: sent.eventsPerSecond,
                bytesSentPerSecond: sent.bytesPerSecond,
                bytesPerFrame: state.bytesPerFrame,
                encodeMilliseconds: state.encodeMilliseconds,
                totalFramesPublished: state.totalPublished,
                totalFramesSent: state.totalFramesSent,
                totalBytesSent: state.totalBytesSent
            )
        }
    }

    /// Counts a camera frame once, even if the producer asked ``wantsFrame(at:)`` before publishing it. The camera
    /// rate must not depend on how many frames the budget lets through, or the budget would chase its own tail.
    private static func recordOffer(_ state: inout State, captureTime: UInt64) {
        guard state.lastOfferedCapture != captureTime else { return }
        state.lastOfferedCapture = captureTime
        state.offered.record(bytes: 0, at: MonotonicClock.now())
    }

    private static func average(_ old: Double?, _ sample: Double, weight: Double) -> Double {
        guard let old else { return sample }
        return old + (sample - old) * weight
    }
}
