import Logging
import NIOCore
import NIOHTTP1
import WireFormat

/// Serves one HTTP connection: a stream, a snapshot, the index page or an error, then closes.
///
/// Streaming is pull-based: the hub wakes the handler after each publish, and the handler writes the newest frame
/// only when the previous one has been written to the socket and the channel is writable. A slow client therefore
/// skips frames; at most one frame per client waits in NIO's buffers.
final class MJPEGConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    struct Limits {
        var maxURIBytes: Int
        var maxBodyBytes: Int
        var requestTimeout: TimeAmount
        var stalledClientTimeout: TimeAmount
        var snapshotTimeout: TimeAmount
        var lingerTimeout: TimeAmount = .seconds(2)
    }

    private enum State {
        case awaitingRequest
        case readingBody(route: HTTPRoute, isHead: Bool, bodyBytes: Int)
        case streaming(StreamSession)
        case snapshot(FrameHub.Subscription)
        case finished
    }

    private struct StreamSession {
        var subscription: FrameHub.Subscription
        var lastSequence: UInt64 = 0
        var limiter: FrameRateLimiter
        var writeStarted: NIODeadline?
    }

    private let hub: FrameHub
    private let gate: ConnectionGate
    private let limits: Limits
    private let logger: Logger
    private var state: State = .awaitingRequest
    private var timeoutTask: Scheduled<Void>?
    private var wake: EventLoopWakeCoalescer?

    init(hub: FrameHub, gate: ConnectionGate, limits: Limits, logger: Logger) {
        self.hub = hub
        self.gate = gate
        self.limits = limits
        self.logger = logger
    }

    // MARK: - Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.timeoutTask = context.eventLoop.assumeIsolated().scheduleTask(in: self.limits.requestTimeout) {
            switch self.state {
            case .awaitingRequest, .readingBody:
                self.gate.countIdleTimeout()
                self.respondWithError(context: loopBoundContext.value, status: .requestTimeout, "no request in time")
            default:
                break
            }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.release()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.release()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (Self.unwrapInboundIn(data), self.state) {
        case (.head(let head), .awaitingRequest):
            let route = HTTPRoute.route(method: head.method, uri: head.uri, maxURIBytes: self.limits.maxURIBytes)
            self.state = .readingBody(route: route, isHead: head.method == .HEAD, bodyBytes: 0)
        case (.body(let chunk), .readingBody(let route, let isHead, let bodyBytes)):
            let total = bodyBytes + chunk.readableBytes
            guard total <= self.limits.maxBodyBytes else {
                self.respondWithError(context: context, status: .payloadTooLarge, "request body over limit")
                return
            }
            self.state = .readingBody(route: route, isHead: isHead, bodyBytes: total)
        case (.end, .readingBody(let route, let isHead, _)):
            self.timeoutTask?.cancel()
            self.timeoutTask = nil
            self.gate.markServing(context.channel)
            self.serve(context: context, route: route, isHead: isHead)
        default:
            // Anything after the first request (pipelined requests, bytes while streaming) is ignored:
            // every response closes the connection.
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let parserError = error as? HTTPParserError {
            switch self.state {
            case .awaitingRequest, .readingBody:
                let status: HTTPResponseStatus = parserError == .headerOverflow ? .requestHeaderFieldsTooLarge : .badRequest
                self.respondWithError(context: context, status: status, "malformed request: \(parserError)")
            default:
                context.close(promise: nil)
            }
            return
        }
        if case .finished = self.state, error is ByteToMessageDecoderError {
            // Bytes still arriving after a refused request: drained until the client closes or the linger ends.
            return
        }
        // Connection resets and similar: nothing to tell the client.
        self.logger.debug("connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { self.sendNewestFrame(context: context) }
        context.fireChannelWritabilityChanged()
    }

    // MARK: - Responses

    private func serve(context: ChannelHandlerContext, route: HTTPRoute, isHead: Bool) {
        switch route {
        case .error(let status, let reason):
            self.respondWithError(context: context, status: status, reason)
        case .index:
            var body = ByteBuffer()
            body.writeString(
                "<!DOCTYPE html><html><head><title>\(self.hub.name)</title></head><body>"
                    + "<img src=\"/stream.mjpg\" alt=\"\(self.hub.name)\"></body></html>\n")
            self.respond(context: context, status: .ok, contentType: "text/html; charset=utf-8", body: body)
        case .stream(let clientLimits):
            self.startStream(context: context, clientLimits: clientLimits, isHead: isHead)
        case .snapshot(let clientLimits):
            self.startSnapshot(context: context, clientLimits: clientLimits)
        }
    }

    private func subscribe(context: ChannelHandlerContext, clientLimits: ClientLimits) -> FrameHub.Subscription? {
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        let wake = EventLoopWakeCoalescer(eventLoop: context.eventLoop) { [weak self] in
            self?.frameAvailable(context: loopBoundContext.value)
        }
        let evicted = EventLoopWakeCoalescer(eventLoop: context.eventLoop) { [weak self] in
            guard let self else { return }
            self.logger.info(
                "closing slow client: its slot went to a new client",
                metadata: ["remote": "\(loopBoundContext.value.remoteAddress.map { "\($0)" } ?? "?")"])
            self.release()
            loopBoundContext.value.close(promise: nil)
        }
        guard
            let subscription = self.hub.subscribe(
                limits: clientLimits, wake: { wake.signal() }, evict: { evicted.signal() })
        else {
            self.logger.info("client rejected: stream full", metadata: ["stream": "\(self.hub.name)"])
            self.respondWithError(context: context, status: .serviceUnavailable, "Too many simultaneous streams")
            return nil
        }
        self.wake = wake
        return subscription
    }

    private func startStream(context: ChannelHandlerContext, clientLimits: ClientLimits, isHead: Bool) {
        guard let subscription = self.subscribe(context: context, clientLimits: clientLimits) else { return }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: MJPEGFormat.streamContentType)
        headers.add(name: "Cache-Control", value: "no-store, no-cache, must-revalidate, pre-check=0, post-check=0, max-age=0")
        headers.add(name: "Pragma", value: "no-cache")
        headers.add(name: "Expires", value: "Mon, 3 Jan 2000 12:34:56 GMT")
        headers.add(name: "Access-Control-Allow-Origin", value: "*")
        headers.add(name: "Connection", value: "close")
        // HTTP/1.0 like cscore: no chunked encoding, the stream ends when the connection closes.
        let head = HTTPResponseHead(version: .http1_0, status: .ok, headers: headers)
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        if isHead {
            self.hub.unsubscribe(subscription)
            self.wake = nil
            self.finish(context: context)
            return
        }
        context.flush()
        self.state = .streaming(
            StreamSession(subscription: subscription, limiter: FrameRateLimiter(framesPerSecond: clientLimits.framesPerSecond)))
        self.logger.info(
            "client streaming",
            metadata: ["stream": "\(self.hub.name)", "remote": "\(context.remoteAddress.map { "\($0)" } ?? "?")"])
        self.scheduleStallCheck(context: context)
        self.sendNewestFrame(context: context)
    }

    /// Waits for the next frame and sends it as one JPEG (for `HEAD`, NIO's encoder drops the body).
    private func startSnapshot(context: ChannelHandlerContext, clientLimits: ClientLimits) {
        guard let subscription = self.subscribe(context: context, clientLimits: clientLimits) else { return }
        self.state = .snapshot(subscription)
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.timeoutTask = context.eventLoop.assumeIsolated().scheduleTask(in: self.limits.snapshotTimeout) {
            guard case .snapshot = self.state else { return }
            self.respondWithError(context: loopBoundContext.value, status: .serviceUnavailable, "no frame from the camera")
        }
        self.frameAvailable(context: context)
    }

    private func frameAvailable(context: ChannelHandlerContext) {
        switch self.state {
        case .streaming:
            self.sendNewestFrame(context: context)
        case .snapshot(let subscription):
            guard let frame = self.hub.newestFrame(for: subscription, after: 0) else { return }
            self.timeoutTask?.cancel()
            self.timeoutTask = nil
            var headers = HTTPHeaders()
            headers.add(name: "X-Timestamp", value: MJPEGFormat.timestamp(frame.captureTime))
            headers.add(name: "Cache-Control", value: "no-store")
            self.respond(context: context, status: .ok, contentType: "image/jpeg", body: frame.jpeg, extraHeaders: headers)
            self.hub.recordSent(bytes: frame.jpeg.readableBytes)
        default:
            break
        }
    }

    private func sendNewestFrame(context: ChannelHandlerContext) {
        guard case .streaming(var session) = self.state, session.writeStarted == nil, context.channel.isWritable,
            let frame = self.hub.newestFrame(for: session.subscription, after: session.lastSequence)
        else { return }
        session.lastSequence = frame.sequence
        guard session.limiter.admit(at: MonotonicClock.now()) else {
            self.state = .streaming(session)
            return
        }
        session.writeStarted = .now()
        self.state = .streaming(session)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(frame.partHeader))), promise: nil)
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(Self.wrapOutboundOut(.body(.byteBuffer(frame.jpeg))), promise: promise)
        let bytes = frame.wireBytes
        promise.futureResult.assumeIsolated().whenComplete { result in
            guard case .streaming(var session) = self.state else { return }
            session.writeStarted = nil
            self.state = .streaming(session)
            switch result {
            case .success:
                self.hub.recordSent(bytes: bytes)
                self.sendNewestFrame(context: context)
            case .failure:
                context.close(promise: nil)
            }
        }
    }

    private func scheduleStallCheck(context: ChannelHandlerContext) {
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        let interval = TimeAmount.milliseconds(max(100, self.limits.stalledClientTimeout.nanoseconds / 1_000_000 / 4))
        self.timeoutTask = context.eventLoop.assumeIsolated().scheduleTask(in: interval) {
            guard case .streaming(let session) = self.state else { return }
            let context = loopBoundContext.value
            let writeStalled = session.writeStarted.map { NIODeadline.now() - $0 > self.limits.stalledClientTimeout }
            let behind = self.hub.lag(of: session.subscription) > UInt64(max(0, self.limits.stalledClientTimeout.nanoseconds))
            if writeStalled == true || behind {
                self.gate.countSlowClient()
                self.logger.info(
                    "closing stalled client",
                    metadata: ["stream": "\(self.hub.name)", "remote": "\(context.remoteAddress.map { "\($0)" } ?? "?")"])
                self.release()
                context.close(promise: nil)
                return
            }
            self.scheduleStallCheck(context: context)
        }
    }

    private func respondWithError(context: ChannelHandlerContext, status: HTTPResponseStatus, _ reason: String) {
        self.logger.debug("request refused", metadata: ["status": "\(status.code)", "reason": "\(reason)"])
        var body = ByteBuffer()
        body.writeString("\(status.code) \(status.reasonPhrase): \(reason)\n")
        self.respond(context: context, status: status, contentType: "text/plain; charset=utf-8", body: body)
    }

    private func respond(
        context: ChannelHandlerContext,
        status: HTTPResponseStatus,
        contentType: String,
        body: ByteBuffer,
        extraHeaders: HTTPHeaders = [:]
    ) {
        guard context.channel.isActive else { return }
        switch self.state {
        case .streaming, .finished: return
        default: break
        }
        var headers = extraHeaders
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: "\(body.readableBytes)")
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Access-Control-Allow-Origin", value: "*")
        context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        self.finish(context: context)
    }

    /// Ends the response, then closes in two steps: first our side (FIN), then, once the client has closed or
    /// ``Limits/lingerTimeout`` passed, the whole connection. Closing at once while the client's unread request bytes
    /// sit in our receive buffer would send a reset, and the client could lose the error response.
    private func finish(context: ChannelHandlerContext) {
        self.release()
        self.state = .finished
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(mode: .output, promise: nil)
            let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            self.timeoutTask = context.eventLoop.assumeIsolated().scheduleTask(in: self.limits.lingerTimeout) {
                loopBoundContext.value.close(promise: nil)
            }
        }
    }

    /// Gives the hub slot back and cancels timers; safe to call more than once.
    private func release() {
        self.timeoutTask?.cancel()
        self.timeoutTask = nil
        switch self.state {
        case .streaming(let session):
            self.hub.unsubscribe(session.subscription)
            self.state = .finished
        case .snapshot(let subscription):
            self.hub.unsubscribe(subscription)
            self.state = .finished
        default:
            break
        }
        self.wake = nil
    }
}
