import Logging
import Vision
import WireFormat

/// The per-frame handler of a camera's ``Vision/VisionWorker`` for streaming: draws the overlay from the newest
/// targeting result and publishes the frame to the camera's ``FrameHub``.
///
/// - Frames nobody watches (or that the budget's frame rate skips) are neither drawn nor encoded.
/// - While the camera delivers nothing (unplugged, reconnecting), clients get a "CAMERA LOST" card a few times a
///   second instead of a frozen picture. A single missed read (a looping file or image folder starting over) shows
///   no card: it comes once the camera has delivered nothing for ``cameraLostInterval``.
///
/// Create it inside the worker's `makeHandler` and keep it on that thread (it owns OpenCV buffers):
/// ```swift
/// let worker = VisionWorker(name: "DriveCam", source: .usb("/dev/video0")) {
///     try CameraStreamHandler(hub: hub, overlay: OverlayRenderer(), targeting: latest).handle
/// }
/// ```
public final class CameraStreamHandler {
    /// Where frames go.
    public let hub: FrameHub
    /// Seconds without a frame before the "CAMERA LOST" card, and between cards while that lasts. Default 0.5.
    public var cameraLostInterval: Double = 0.5
    /// Frames and cards published so far.
    public private(set) var publishedCount = 0
    /// Frames that failed to draw or encode (logged; the stream goes on).
    public private(set) var failureCount = 0

    private let overlay: OverlayRenderer?
    private let targeting: LatestTargeting?
    private let encoder: VariantEncoder
    private let card: Frame
    private let logger: Logger
    private var lastSize = (width: 640, height: 480)
    private var lastCardTime: UInt64 = 0
    private var lastFrameTime: UInt64 = 0

    /// Creates a handler.
    /// - Parameters:
    ///   - hub: The camera's hub.
    ///   - overlay: The overlay to draw, or `nil` to stream the camera unchanged (the seed's claw camera).
    ///   - targeting: Where the newest targeting result is kept; `nil` with an overlay shows "NO TARGETING DATA".
    ///   - logger: Where drawing and encoding failures go.
    /// - Throws: ``Vision/VisionError`` if OpenCV cannot allocate its buffers.
    public init(
        hub: FrameHub, overlay: OverlayRenderer?, targeting: LatestTargeting?,
        logger: Logger = Logger(label: "streaming.camera")
    ) throws(VisionError) {
        self.hub = hub
        self.overlay = overlay
        self.targeting = targeting
        self.encoder = try VariantEncoder()
        self.card = try Frame()
        self.logger = logger
    }

    /// Handles one event from the camera's worker thread.
    public func handle(_ event: FrameEvent) {
        switch event {
        case .frame(let frame, let info):
            self.lastSize = (frame.width, frame.height)
            self.lastFrameTime = info.captureTime
            guard self.hub.wantsFrame(at: info.captureTime) else { return }
            do {
                if let overlay = self.overlay {
                    try overlay.draw(on: frame, snapshot: self.targeting?.current())
                }
                try self.publish(frame, captureTime: info.captureTime)
            } catch {
                self.fail(error)
            }
        case .noFrame(let reason):
            let now = MonotonicClock.now()
            let interval = UInt64(self.cameraLostInterval * 1e9)
            guard now >= self.lastFrameTime + interval, now >= self.lastCardTime + interval, self.hub.wantsFrame(at: now)
            else { return }
            self.lastCardTime = now
            do {
                try self.card.renderCameraLost(width: self.lastSize.width, height: self.lastSize.height)
                try self.publish(self.card, captureTime: now)
                self.logger.debug("camera lost card sent", metadata: ["stream": "\(self.hub.name)", "reason": "\(reason)"])
            } catch {
                self.fail(error)
            }
        case .finished:
            break
        }
    }

    private func publish(_ frame: Frame, captureTime: UInt64) throws(VisionError) {
        if case .published = try self.hub.publish(frame: frame, captureTime: captureTime, encoder: self.encoder) {
            self.publishedCount += 1
        }
    }

    private func fail(_ error: VisionError) {
        self.failureCount += 1
        self.logger.warning("frame not streamed", metadata: ["stream": "\(self.hub.name)", "error": "\(error)"])
    }
}
