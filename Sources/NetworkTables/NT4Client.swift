import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import WireFormat

/// A NetworkTables 4 client (protocol rev 4.1 with 4.0 fallback) that publishes topics to an NT4 server such
/// as the roboRIO.
///
/// It is a swift-service-lifecycle ``Service``: put it in the executable's `ServiceGroup`; ``run()`` connects,
/// keeps the connection alive with the spec's time sync messages, reconnects with exponential back-off when
/// the robot reboots, and returns on graceful shutdown or cancellation. Publishing (``publish(_:type:properties:)``,
/// ``set(_:_:localMicros:)``) works at any time, connected or not, from any thread:
///
/// - while connected, every value is sent at once in one binary frame, stamped with its local capture time
///   converted to the server's time base;
/// - while disconnected only the latest value per topic is kept; after reconnecting the client re-announces
///   every topic, synchronises its clock, then sends those latest values.
///
/// A server that sends anything that is not NT4 (bad JSON, bad MessagePack, an unexpected frame) is logged as
/// an error and the connection is reopened; the client never traps on input.
public final class NT4Client: Service, Sendable {
    /// The WebSocket subprotocol of NT4 rev 4.1.
    public static let subprotocol41 = "v4.1.networktables.first.wpi.edu"
    /// The WebSocket subprotocol of NT4 rev 4.0 (fallback).
    public static let subprotocol40 = "networktables.first.wpi.edu"

    /// The configuration the client was created with.
    public let configuration: NT4ClientConfiguration
    let logger: Logger
    let eventLoopGroup: any EventLoopGroup
    let state: Mutex<State>

    /// Creates a client; it does nothing until ``run()`` is called.
    ///
    /// - Parameters:
    ///   - configuration: Server address, client name and timing.
    ///   - logger: Receives connection events (info), and protocol errors from the server (error).
    ///   - eventLoopGroup: The NIO event loop group for the connection (default: NIO's shared singleton).
    public init(
        configuration: NT4ClientConfiguration,
        logger: Logger = Logger(label: "networktables"),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "nt.server"] = "\(configuration.serverHost):\(configuration.port)"
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.state = Mutex(State())
    }

    // MARK: - Publishing

    /// Announces a topic this client publishes (sent now if connected, and again after every reconnect).
    ///
    /// Publishing the same name again returns the existing handle.
    ///
    /// - Parameters:
    ///   - name: Full topic name starting with `/`, e.g. `/vision/front/tx`.
    ///   - type: The topic's data type.
    ///   - properties: NT4 properties sent with the `publish` message.
    /// - Returns: The handle to pass to ``set(_:_:localMicros:)``.
    /// - Throws: ``NetworkTablesError`` `.typeMismatch` if `name` is already published with another type.
    @discardableResult
    public func publish(
        _ name: String,
        type: NTType,
        properties: NTTopicProperties = .init()
    ) throws(NetworkTablesError) -> NTTopic {
        try self.state.withLock { state throws(NetworkTablesError) -> NTTopic in
            if let existing = state.pubuidByName[name], let entry = state.topics[existing] {
                guard entry.topic.type == type else {
                    throw NetworkTablesError.typeMismatch(
                        "topic \(name) is already published as \(entry.topic.type.typeString), not \(type.typeString); "
                            + "unpublish it first or use another name"
                    )
                }
                return entry.topic
            }
            let topic = NTTopic(name: name, type: type, pubuid: state.nextPubUID, clientID: ObjectIdentifier(self))
            state.nextPubUID += 1
            state.topics[topic.pubuid] = PublishedTopic(topic: topic, properties: properties)
            state.pubuidByName[name] = topic.pubuid
            if let connection = state.connection {
                Self.sendText(
                    [.publish(name: name, pubuid: topic.pubuid, type: type.typeString, properties: properties)],
                    on: connection.channel
                )
            }
            return topic
        }
    }

    /// Stops publishing a topic (the server deletes it when no publisher is left).
    public func unpublish(_ topic: NTTopic) {
        self.state.withLock { state in
            guard state.topics.removeValue(forKey: topic.pubuid) != nil else { return }
            state.pubuidByName[topic.name] = nil
            if let connection = state.connection {
                Self.sendText([.unpublish(pubuid: topic.pubuid)], on: connection.channel)
            }
        }
    }

    /// Changes a published topic's properties (remembered for reconnects).
    public func setProperties(_ topic: NTTopic, _ properties: NTTopicProperties) {
        self.state.withLock { state in
            guard state.topics[topic.pubuid] != nil else { return }
            state.topics[topic.pubuid]?.properties = properties
            if let connection = state.connection {
                Self.sendText([.setProperties(name: topic.name, update: properties)], on: connection.channel)
            }
        }
    }

    /// Sets a topic's value.
    ///
    /// - Parameters:
    ///   - topic: A handle from ``publish(_:type:properties:)`` of this client.
    ///   - value: The value; its type must match the topic's.
    ///   - localMicros: When the value was produced, microseconds of ``WireFormat/MonotonicClock`` (e.g.
    ///     a frame's capture time / 1000); converted to server time when sent. Default: now.
    /// - Throws: ``NetworkTablesError`` `.typeMismatch` or `.unknownTopic`.
    public func set(_ topic: NTTopic, _ value: NTValue, localMicros: Int64? = nil) throws(NetworkTablesError) {
        try self.set([NTUpdate(topic, value)], localMicros: localMicros)
    }

    /// Sets several values produced at the same time, sent together in one binary frame.
    ///
    /// - Parameters:
    ///   - updates: Topic/value pairs; every value's type must match its topic's.
    ///   - localMicros: When the values were produced, microseconds of ``WireFormat/MonotonicClock``.
    /// - Throws: ``NetworkTablesError`` `.typeMismatch` or `.unknownTopic`; nothing is set then.
    public func set(_ updates: [NTUpdate], localMicros: Int64? = nil) throws(NetworkTablesError) {
        try self.set(updates, localMicros: localMicros ?? NT4ChannelHandler.localMicros(), isDefault: false)
    }

    /// Sets a default value: a "weak" set with timestamp 0 that does not replace a value the server already
    /// has from another publisher (e.g. a setting the driver changed on the dashboard). It is sent again with
    /// timestamp 0 after every reconnect until a normal ``set(_:_:localMicros:)`` replaces it.
    ///
    /// - Throws: ``NetworkTablesError`` `.typeMismatch` or `.unknownTopic`.
    public func setDefault(_ topic: NTTopic, _ value: NTValue) throws(NetworkTablesError) {
        try self.set([NTUpdate(topic, value)], localMicros: 0, isDefault: true)
    }

    private func set(_ updates: [NTUpdate], localMicros time: Int64, isDefault: Bool) throws(NetworkTablesError) {
        for update in updates {
            guard update.topic.clientID == ObjectIdentifier(self) else {
                throw NetworkTablesError.unknownTopic("topic \(update.topic.name) was published by another NT4Client")
            }
            guard update.value.isCompatible(with: update.topic.type) else {
                throw NetworkTablesError.typeMismatch(
                    "value \(update.value) does not fit topic \(update.topic.name) of type \(update.topic.type.typeString)"
                )
            }
        }
        try self.state.withLock { state throws(NetworkTablesError) in
            for update in updates where state.topics[update.topic.pubuid] == nil {
                throw NetworkTablesError.unknownTopic("topic \(update.topic.name) was unpublished; publish it again")
            }
            // Send now only when synchronised and the socket is not backed up (a stalled radio link); otherwise
            // keep just the latest value per topic, sent after reconnecting or when the socket drains.
            var offset: Int64?
            if let connection = state.connection, connection.canSendValues {
                offset = connection.clock.best?.offsetMicros
            }
            var writer = offset == nil ? nil : MessagePackWriter(capacity: 24 * updates.count)
            for update in updates {
                let pubuid = update.topic.pubuid
                if offset == nil, state.topics[pubuid]!.pending { state.statistics.valuesReplacedWhileOffline += 1 }
                state.topics[pubuid]!.latest = update.value
                state.topics[pubuid]!.latestLocalMicros = time
                state.topics[pubuid]!.latestIsDefault = isDefault
                state.topics[pubuid]!.pending = offset == nil
                if let offset {
                    let timestamp = isDefault ? 0 : ServerClock.valueTimestamp(localMicros: time, offsetMicros: offset)
                    writer!.writeMessage(id: pubuid, timestamp: timestamp, value: update.value)
                }
            }
            if let writer, let connection = state.connection {
                connection.backlog.writeBinary(writer.bytes, on: connection.channel)
                state.statistics.valuesSent += updates.count
            }
        }
    }

    // MARK: - Subscribing

    /// Subscribes to topics (renewed after every reconnect); values arrive on the returned
    /// ``NTSubscription/updates`` and in ``latestValue(of:)``.
    ///
    /// - Parameters:
    ///   - topics: Topic names, or prefixes such as `/FMSInfo/` when `prefix` is true.
    ///   - prefix: Whether `topics` are prefixes.
    ///   - options: NT4 subscription options (`periodic`, `all`, ...); `prefix` is set from the parameter.
    public func subscribe(
        _ topics: [String],
        prefix: Bool = true,
        options: NTSubscriptionOptions = .init()
    ) -> NTSubscription {
        var options = options
        options.prefix = prefix
        let (stream, continuation) = AsyncStream.makeStream(
            of: NTValueUpdate.self,
            bufferingPolicy: .bufferingNewest(1024)
        )
        return self.state.withLock { state in
            let subscription = NTSubscription(topics: topics, prefix: prefix, subuid: state.nextSubUID, updates: stream)
            state.nextSubUID += 1
            state.subscriptions[subscription.subuid] = SubscriptionEntry(
                subscription: subscription,
                options: options,
                continuation: continuation
            )
            if let connection = state.connection {
                Self.sendText(
                    [.subscribe(topics: topics, subuid: subscription.subuid, options: options)],
                    on: connection.channel
                )
            }
            // Values already received for these topics are delivered at once.
            for update in state.received.values where subscription.matches(update.name) {
                continuation.yield(update)
            }
            return subscription
        }
    }

    /// Ends a subscription; its ``NTSubscription/updates`` stream finishes.
    public func unsubscribe(_ subscription: NTSubscription) {
        self.state.withLock { state in
            guard let entry = state.subscriptions.removeValue(forKey: subscription.subuid) else { return }
            entry.continuation.finish()
            if let connection = state.connection {
                Self.sendText([.unsubscribe(subuid: subscription.subuid)], on: connection.channel)
            }
        }
    }

    /// The latest value received for a subscribed topic, or `nil`.
    public func latestValue(of name: String) -> NTValueUpdate? {
        self.state.withLock { $0.received[name] }
    }

    // MARK: - State

    /// Counters and connection state.
    public var statistics: NT4ClientStatistics {
        self.state.withLock { $0.statistics }
    }

    /// Whether values are currently being sent (connected and clock synchronised).
    public var isConnected: Bool {
        self.state.withLock { $0.connection?.clock.isSynchronized ?? false }
    }

    /// Converts a local ``WireFormat/MonotonicClock`` time in microseconds to the server's time base, or `nil`
    /// when not synchronised.
    public func serverTime(localMicros: Int64) -> Int64? {
        self.state.withLock { $0.connection?.clock.serverTime(localMicros: localMicros) }
    }

    /// Waits until ``isConnected`` or `timeout` passes (polls every 10 ms); returns whether connected.
    public func waitUntilConnected(timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            if self.isConnected { return true }
            do { try await Task.sleep(for: .milliseconds(10)) } catch { return self.isConnected }
        }
        return self.isConnected
    }
}
