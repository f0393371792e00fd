import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import ServiceLifecycle
import Synchronization
import WireFormat

extension NT4Client {
    /// A topic this client publishes and its latest value.
    struct PublishedTopic: Sendable {
        var topic: NTTopic
        var properties: NTTopicProperties
        var latest: NTValue?
        var latestLocalMicros: Int64 = 0
        /// The latest value came from ``NT4Client/setDefault(_:_:)`` (sent with timestamp 0, a "weak" set).
        var latestIsDefault = false
        /// Set while `latest` has not been sent to the current connection.
        var pending = false
    }

    /// The open connection.
    struct LiveConnection: Sendable {
        var channel: any Channel
        var subprotocol: String
        var clock = ServerClock()
        var lastHeardMicros: Int64
        let backlog = NT4OutboundBacklog()

        /// Whether values can be sent now: neither the channel's buffer nor the caller-side backlog is full.
        var canSendValues: Bool { self.channel.isWritable && !self.backlog.isBackedUp }
    }

    /// Everything that changes, behind the client's mutex.
    struct State: Sendable {
        var topics: [Int64: PublishedTopic] = [:]
        var pubuidByName: [String: Int64] = [:]
        var nextPubUID: Int64 = 1
        var connection: LiveConnection?
        var statistics = NT4ClientStatistics()
        var subscriptions: [Int64: SubscriptionEntry] = [:]
        var nextSubUID: Int64 = 1
        /// Topics the server announced on the current connection: id to (name, type).
        var announced: [Int64: (name: String, type: String)] = [:]
        /// The latest value received per topic name.
        var received: [String: NTValueUpdate] = [:]
        /// Local time (microseconds) before which warnings about a hostile server's input stay quiet (counted only).
        var quietUntilMicros: Int64 = 0
    }

    /// At most one warning about a server's hostile or broken input per this many microseconds.
    static let warningIntervalMicros: Int64 = 10_000_000

    /// A subscription and where its values go.
    struct SubscriptionEntry: Sendable {
        var subscription: NTSubscription
        var options: NTSubscriptionOptions
        var continuation: AsyncStream<NTValueUpdate>.Continuation
    }

    private enum UpgradeResult: Sendable {
        case upgraded(any Channel, subprotocol: String?)
        case notUpgraded(any Channel)
    }

    // MARK: - Service

    /// Connects and keeps the connection up until graceful shutdown or cancellation.
    ///
    /// Connection failures, server timeouts and protocol errors are logged and followed by a reconnect after
    /// a back-off delay (``NT4ClientConfiguration/reconnectMinDelaySeconds`` doubling up to
    /// ``NT4ClientConfiguration/reconnectMaxDelaySeconds``, reset after a successful connection).
    ///
    /// - Throws: ``NetworkTablesError`` `.invalidConfiguration` only; everything else is retried.
    public func run() async throws {
        guard self.configuration.enabled else {
            self.logger.info("NetworkTables disabled by configuration (enabled: false); publishing nothing")
            try? await gracefulShutdown()
            return
        }
        try self.configuration.validate()
        var delay = self.configuration.reconnectMinDelaySeconds
        var attempt = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            attempt += 1
            let establishedBefore = self.statistics.connectionsEstablished
            do {
                try await cancelWhenGracefulShutdown { try await self.runOneConnection() }
            } catch let error as NetworkTablesError {
                self.log(error, attempt: attempt)
            } catch {
                if !(Task.isCancelled || Task.isShuttingDownGracefully) {
                    self.logger.warning("NT4 connection ended: \(error)", metadata: ["nt.attempt": "\(attempt)"])
                }
            }
            self.state.withLock { state in
                state.connection = nil
                state.statistics.isConnected = false
                state.statistics.subprotocol = nil
                state.statistics.connectionFailures += 1
            }
            if Task.isCancelled || Task.isShuttingDownGracefully { break }
            if self.statistics.connectionsEstablished > establishedBefore {
                delay = self.configuration.reconnectMinDelaySeconds
            }
            self.logger.debug("reconnecting in \(delay) s")
            do {
                let pause = delay
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(pause)) }
            } catch {
                break
            }
            delay = min(delay * 2, self.configuration.reconnectMaxDelaySeconds)
        }
        self.logger.info("NT4 client stopped")
    }

    private func log(_ error: NetworkTablesError, attempt: Int) {
        let metadata: Logger.Metadata = ["nt.attempt": "\(attempt)"]
        switch error {
        case .protocolViolation:
            self.logger.error("NT4 protocol error, reconnecting: \(error.message)", metadata: metadata)
        case .connectionFailed where attempt > 1:
            self.logger.debug("\(error.message)", metadata: metadata)
        default:
            self.logger.warning("\(error.message)", metadata: metadata)
        }
    }

    // MARK: - One connection

    private func runOneConnection() async throws {
        let (events, continuation) = AsyncStream.makeStream(
            of: NT4InboundEvent.self,
            bufferingPolicy: .bufferingNewest(self.configuration.maxQueuedFrames)
        )
        let (channel, subprotocol) = try await self.connect(events: continuation)
        defer { channel.close(promise: nil) }
        self.logger.info("NT4 connected (\(subprotocol))")
        self.state.withLock { state in
            let connection = LiveConnection(
                channel: channel,
                subprotocol: subprotocol,
                lastHeardMicros: NT4ChannelHandler.localMicros()
            )
            state.connection = connection
            state.statistics.subprotocol = subprotocol
            // Time sync first (spec 4.1), then announce every topic; values follow the first time sync reply.
            Self.sendTimeSync(on: connection)
            let publishes = state.topics.values.sorted { $0.topic.pubuid < $1.topic.pubuid }.map {
                NT4ClientMessage.publish(
                    name: $0.topic.name,
                    pubuid: $0.topic.pubuid,
                    type: $0.topic.type.typeString,
                    properties: $0.properties
                )
            }
            let subscribes = state.subscriptions.values.sorted { $0.subscription.subuid < $1.subscription.subuid }.map {
                NT4ClientMessage.subscribe(
                    topics: $0.subscription.topics,
                    subuid: $0.subscription.subuid,
                    options: $0.options
                )
            }
            state.announced.removeAll()
            if !publishes.isEmpty || !subscribes.isEmpty { Self.sendText(publishes + subscribes, on: channel) }
        }
        try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.consume(events) }
                group.addTask { try await self.keepAlive(channel: channel) }
                defer { group.cancelAll() }
                try await group.next()
            }
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// Handles frames until the connection ends; always throws the reason it ended.
    private func consume(_ events: AsyncStream<NT4InboundEvent>) async throws {
        for await event in events {
            switch event {
            case .text(let text, let received):
                self.touch(received)
                let messages: [NT4ServerMessage]
                do {
                    messages = try NT4ServerMessage.decodeFrame(text)
                } catch {
                    self.state.withLock { $0.statistics.protocolErrors += 1 }
                    throw error
                }
                for message in messages { self.handle(message) }
            case .binary(let bytes, let received):
                self.touch(received)
                let messages: [NT4BinaryMessage]
                do {
                    messages = try NT4BinaryMessage.decodeFrame(bytes)
                } catch {
                    self.state.withLock { $0.statistics.protocolErrors += 1 }
                    throw NetworkTablesError.protocolViolation(
                        "server sent a binary frame that is not NT4 MessagePack: \(error)"
                    )
                }
                for message in messages {
                    if message.id == -1 {
                        try self.handleTimeSync(message, receivedMicros: received)
                    } else {
                        self.deliver(message)
                    }
                }
            case .control(let received):
                self.touch(received)
            case .writable:
                // The socket drained after a stall: send what was held back (latest value per topic only).
                self.state.withLock { state in
                    guard state.connection?.canSendValues == true else { return }
                    _ = Self.sendRetainedValues(&state, onlyPending: true)
                }
            case .closed(let reason):
                throw NetworkTablesError.connectionClosed(
                    "NT4 server closed the connection (\(reason)); reconnecting"
                )
            case .flooded:
                self.state.withLock { $0.statistics.floodDisconnects += 1 }
                throw NetworkTablesError.protocolViolation(
                    "NT4 server sent frames faster than they could be handled (over "
                        + "\(self.configuration.maxQueuedFrames) queued); disconnected as flooding"
                )
            case .failure(let reason):
                self.state.withLock { $0.statistics.protocolErrors += 1 }
                throw NetworkTablesError.protocolViolation(reason)
            }
        }
        try Task.checkCancellation()
        throw NetworkTablesError.connectionClosed("NT4 connection closed; reconnecting")
    }

    private func touch(_ receivedMicros: Int64) {
        self.state.withLock { $0.connection?.lastHeardMicros = receivedMicros }
    }

    private func handle(_ message: NT4ServerMessage) {
        switch message {
        case .announce(let name, let id, let type, let pubuid, _):
            self.logger.trace("announce \(name) id \(id) type \(type) pubuid \(pubuid.map { "\($0)" } ?? "-")")
            let maxTopics = self.configuration.maxTopics
            let ignored = self.state.withLock { state -> Bool in
                guard state.announced[id] != nil || state.announced.count < maxTopics else {
                    state.statistics.topicsIgnored += 1
                    return true
                }
                state.announced[id] = (name, type)
                return false
            }
            if ignored {
                self.warnThrottled(
                    "NT4 server announced more than \(maxTopics) topics; further announcements are ignored "
                        + "(\(self.statistics.topicsIgnored) so far)"
                )
            }
        case .unannounce(let name, let id):
            self.logger.trace("unannounce \(name) id \(id)")
            self.state.withLock { state in
                if let announced = state.announced.removeValue(forKey: id) { state.received[announced.name] = nil }
                state.received[name] = nil
            }
        case .properties(let name, _, _):
            self.logger.trace("properties \(name)")
        case .unknown(let method):
            self.logger.debug("ignoring unknown NT4 method \(method)")
        }
    }

    /// Passes a value for a subscribed topic to the matching subscriptions.
    private func deliver(_ message: NT4BinaryMessage) {
        guard let value = message.value else { return }
        self.state.withLock { state in
            guard let topic = state.announced[message.id] else {
                self.logger.debug("value for unannounced topic id \(message.id) ignored")
                return
            }
            let update = NTValueUpdate(
                name: topic.name,
                type: topic.type,
                value: value,
                serverMicros: message.timestamp,
                localMicros: state.connection?.clock.localTime(serverMicros: message.timestamp)
            )
            // Bounded like the announced topics: a server that renames topics endlessly cannot grow the map.
            if state.received[topic.name] != nil || state.received.count < self.configuration.maxTopics {
                state.received[topic.name] = update
            }
            for entry in state.subscriptions.values where entry.subscription.matches(topic.name) {
                entry.continuation.yield(update)
            }
        }
    }

    private func handleTimeSync(_ message: NT4BinaryMessage, receivedMicros: Int64) throws(NetworkTablesError) {
        // Our echoed time; a float that is not a whole 64-bit number of microseconds is a sample to ignore.
        let sent: Int64?
        switch message.value {
        case .int(let value): sent = value
        case .double(let value): sent = value.isFinite && abs(value) < 9e18 ? Int64(value) : nil
        case .float(let value): sent = value.isFinite && abs(value) < 9e18 ? Int64(value) : nil
        default:
            throw NetworkTablesError.protocolViolation(
                "time sync reply carries \(String(describing: message.value)), not our timestamp"
            )
        }
        let rejected = self.state.withLock { state -> Bool in
            guard var connection = state.connection else { return false }
            let wasSynchronized = connection.clock.isSynchronized
            guard let sent,
                connection.clock.record(
                    sentLocalMicros: sent,
                    serverMicros: message.timestamp,
                    receivedLocalMicros: receivedMicros
                ) != nil
            else {
                state.statistics.timeSyncsRejected += 1
                return true
            }
            state.connection = connection
            guard let best = connection.clock.best else { return false }
            state.statistics.roundTripMicros = best.roundTripMicros
            state.statistics.serverOffsetMicros = best.offsetMicros
            guard !wasSynchronized else { return false }
            // First sync on this connection: send every topic's latest value (the spec's reconnect rule).
            state.statistics.isConnected = true
            state.statistics.connectionsEstablished += 1
            let count = Self.sendRetainedValues(&state, onlyPending: false)
            self.logger.info(
                "NT4 clock synchronised (rtt \(best.roundTripMicros) us); sent \(count) retained values"
            )
            return false
        }
        if rejected {
            self.warnThrottled(
                "NT4 time sync reply ignored: server time \(message.timestamp) us, echoed \(String(describing: message.value)), received at "
                    + "\(receivedMicros) us cannot be right (\(self.statistics.timeSyncsRejected) ignored so far)"
            )
        }
    }

    /// Logs a warning about the server's input unless one was logged in the last ``warningIntervalMicros``.
    private func warnThrottled(_ message: @autoclosure () -> String) {
        let now = NT4ChannelHandler.localMicros()
        let due = self.state.withLock { state -> Bool in
            guard now >= state.quietUntilMicros else { return false }
            state.quietUntilMicros = now + Self.warningIntervalMicros
            return true
        }
        if due { self.logger.warning("\(message())") }
    }

    /// Sends the latest value of every topic (or only of those not yet sent) in one frame; returns how many.
    static func sendRetainedValues(_ state: inout State, onlyPending: Bool) -> Int {
        guard let connection = state.connection, let best = connection.clock.best else { return 0 }
        var writer = MessagePackWriter()
        var count = 0
        for pubuid in state.topics.keys.sorted() {
            guard let value = state.topics[pubuid]!.latest, !onlyPending || state.topics[pubuid]!.pending else {
                continue
            }
            let time =
                state.topics[pubuid]!.latestIsDefault
                ? 0
                : ServerClock.valueTimestamp(
                    localMicros: state.topics[pubuid]!.latestLocalMicros, offsetMicros: best.offsetMicros)
            writer.writeMessage(id: pubuid, timestamp: time, value: value)
            state.topics[pubuid]!.pending = false
            count += 1
        }
        if count > 0 {
            connection.backlog.writeBinary(writer.bytes, on: connection.channel)
            state.statistics.valuesSent += count
        }
        return count
    }

    /// Sends a time sync message every interval and fails when the server has been silent too long.
    private func keepAlive(channel: any Channel) async throws {
        let interval = self.configuration.timeSyncIntervalSeconds
        let timeoutMicros = Int64(self.configuration.serverTimeoutSeconds * 1e6)
        let quickMicros = Int64(min(interval, 0.1) * 1e6)
        while true {
            // Quickly until the clock's window is full: values start flowing soon after connecting (they wait for the
            // first reply), and the offset comes from the fastest of several exchanges within the first second.
            let settled = self.state.withLock { $0.connection?.clock.hasFullWindow ?? false }
            try await Task.sleep(for: .microseconds(settled ? Int64(interval * 1e6) : quickMicros))
            let silent = self.state.withLock { state -> Int64 in
                guard let connection = state.connection else { return 0 }
                Self.sendTimeSync(on: connection)
                return NT4ChannelHandler.localMicros() - connection.lastHeardMicros
            }
            if silent > timeoutMicros {
                self.state.withLock { $0.statistics.timeouts += 1 }
                throw NetworkTablesError.serverTimedOut(
                    "NT4 server sent nothing for \(silent / 1000) ms (timeout \(timeoutMicros / 1000) ms); reconnecting"
                )
            }
        }
    }

    // MARK: - Connecting

    private func connect(
        events: AsyncStream<NT4InboundEvent>.Continuation
    ) async throws -> (any Channel, String) {
        let host = self.configuration.serverHost
        let port = self.configuration.port
        let path = "/nt/" + (self.configuration.clientName.addingPercentEncodingForPath())
        let maxFrameBytes = self.configuration.maxFrameBytes
        let connectTimeout = TimeAmount.nanoseconds(Int64(self.configuration.connectTimeoutSeconds * 1e9))
        let openedChannel = Mutex<(any Channel)?>(nil)
        let upgrade: EventLoopFuture<UpgradeResult>
        do {
            upgrade = try await ClientBootstrap(group: self.eventLoopGroup)
                .connectTimeout(connectTimeout)
                // TCP level (`.socketOption` would set SO_DEBUG, refused without CAP_NET_ADMIN).
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .connect(host: host, port: port) { channel in
                    openedChannel.withLock { $0 = channel }
                    return channel.eventLoop.makeCompletedFuture {
                        try Self.configureUpgrade(
                            channel: channel,
                            host: host,
                            port: port,
                            path: path,
                            maxFrameBytes: maxFrameBytes,
                            events: events
                        )
                    }
                }
        } catch {
            events.finish()
            throw NetworkTablesError.connectionFailed(
                "cannot connect to NT4 server \(host):\(port) (\(error)); check serverHost/port and that robot code runs"
            )
        }
        let result: UpgradeResult
        do {
            result = try await withThrowingTaskGroup(of: UpgradeResult.self) { group in
                group.addTask { try await upgrade.get() }
                group.addTask {
                    try await Task.sleep(for: .seconds(self.configuration.connectTimeoutSeconds))
                    throw NetworkTablesError.connectionFailed(
                        "NT4 server \(host):\(port) accepted TCP but did not answer the WebSocket upgrade in time"
                    )
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        } catch {
            openedChannel.withLock { $0 }?.close(promise: nil)
            events.finish()
            if let error = error as? NetworkTablesError { throw error }
            throw NetworkTablesError.connectionFailed("WebSocket upgrade to \(host):\(port)\(path) failed: \(error)")
        }
        switch result {
        case .notUpgraded(let channel):
            channel.close(promise: nil)
            events.finish()
            throw NetworkTablesError.connectionFailed(
                "\(host):\(port) refused the WebSocket upgrade for \(path); is it an NT4 server (port 5810)?"
            )
        case .upgraded(let channel, let subprotocol):
            guard let subprotocol, subprotocol == Self.subprotocol41 || subprotocol == Self.subprotocol40 else {
                channel.close(promise: nil)
                throw NetworkTablesError.subprotocolRejected(
                    "\(host):\(port) accepted the WebSocket with subprotocol '\(subprotocol ?? "none")', not NT4; "
                        + "it may be an NT3-only server (update WPILib) or not NetworkTables"
                )
            }
            return (channel, subprotocol)
        }
    }

    private static func configureUpgrade(
        channel: any Channel,
        host: String,
        port: Int,
        path: String,
        maxFrameBytes: Int,
        events: AsyncStream<NT4InboundEvent>.Continuation
    ) throws -> EventLoopFuture<UpgradeResult> {
        // A frame (or a fragmented message) over the cap is a decoder error: the connection closes and reconnects.
        let upgrader = NIOTypedWebSocketClientUpgrader<UpgradeResult>(
            maxFrameSize: maxFrameBytes,
            upgradePipelineHandler: { channel, response in
                channel.eventLoop.makeCompletedFuture {
                    let subprotocol = response.headers.first(name: "Sec-WebSocket-Protocol").map {
                        String($0.filter { $0 != " " && $0 != "\t" })
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        NIOWebSocketFrameAggregator(
                            minNonFinalFragmentSize: 0,
                            maxAccumulatedFrameCount: 1024,
                            maxAccumulatedFrameSize: maxFrameBytes
                        )
                    )
                    try channel.pipeline.syncOperations.addHandler(NT4ChannelHandler(events: events))
                    return UpgradeResult.upgraded(channel, subprotocol: subprotocol)
                }
            }
        )
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "\(host):\(port)")
        headers.add(name: "Sec-WebSocket-Protocol", value: "\(subprotocol41), \(subprotocol40)")
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
        let configuration = NIOTypedHTTPClientUpgradeConfiguration<UpgradeResult>(
            upgradeRequestHead: head,
            upgraders: [upgrader],
            notUpgradingCompletionHandler: { channel in
                channel.eventLoop.makeSucceededFuture(UpgradeResult.notUpgraded(channel))
            }
        )
        var pipelineConfiguration = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: configuration)
        // Frames the server sends in the same TCP read as its 101 response must reach the WebSocket decoder.
        pipelineConfiguration.leftOverBytesStrategy = .forwardBytes
        return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
            configuration: pipelineConfiguration
        )
    }

    // MARK: - Sending

    static func sendText(_ messages: [NT4ClientMessage], on channel: any Channel) {
        let text = NT4ClientMessage.encodeFrame(messages)
        let frame = WebSocketFrame(
            fin: true,
            opcode: .text,
            maskKey: .random(),
            data: channel.allocator.buffer(string: text)
        )
        channel.writeAndFlush(frame, promise: nil)
    }

    static func sendTimeSync(on connection: LiveConnection) {
        var writer = MessagePackWriter(capacity: 16)
        writer.writeMessage(id: -1, timestamp: 0, value: .int(NT4ChannelHandler.localMicros()))
        connection.backlog.writeBinary(writer.bytes, on: connection.channel)
    }
}

extension String {
    /// Percent-encodes everything but unreserved URL characters (RFC 3986), for the client name in the path.
    func addingPercentEncodingForPath() -> String {
        var result = ""
        for byte in self.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }
}
