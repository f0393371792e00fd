import Synchronization
import ThreadSupport

/// Runs a ``FrameSource`` and a per-frame handler on one dedicated thread (never the Swift concurrency pool).
///
/// The handler is built on the worker thread by `makeHandler`, so pipelines (not `Sendable`) are created and used
/// on that thread only. The loop ends after ``stop()``, when a non-looping source finishes, or when `makeHandler`
/// throws. Publish results from the handler as `Sendable` values (for example `TargetingResult` or JPEG bytes).
public final class VisionWorker: Sendable {
    public typealias Handler = (FrameEvent) -> Void

    private struct State {
        var thread: DedicatedThread?
        var failure: (any Error)?
    }

    /// The thread's name (visible in `top -H`, debuggers).
    public let name: String
    public let source: FrameSourceConfiguration
    private let makeHandler: @Sendable () throws -> Handler
    private let stopRequested = Atomic<Bool>(false)
    /// Interrupted on a stop request, so the source's waits (frame pacing, reconnect back-off) end at once.
    private let wakeUp = ThreadInterrupt()
    private let state = Mutex(State())

    public init(
        name: String,
        source: FrameSourceConfiguration,
        makeHandler: @escaping @Sendable () throws -> Handler
    ) {
        self.name = name
        self.source = source
        self.makeHandler = makeHandler
    }

    /// Starts the thread (once; later calls do nothing).
    public func start() {
        self.state.withLock { state in
            guard state.thread == nil else { return }
            state.thread = DedicatedThread(name: self.name) { [self] in self.run() }
        }
    }

    /// Whether the loop has ended.
    public var isFinished: Bool { self.state.withLock { $0.thread?.isFinished ?? false } }

    /// The error that ended the loop, if `makeHandler` threw.
    public var failure: (any Error)? { self.state.withLock { $0.failure } }

    /// Asks the loop to end after the current frame; does not wait.
    public func requestStop() {
        guard !self.stopRequested.exchange(true, ordering: .relaxed) else { return }
        self.wakeUp.interrupt()
    }

    /// Stops the loop and waits (without blocking a concurrency thread) until the worker thread has exited.
    public func stop() async {
        self.requestStop()
        await self.state.withLock { $0.thread }?.joinAsync()
    }

    private func run() {
        var failure: (any Error)?
        do {
            let handler = try self.makeHandler()
            let frameSource = FrameSource(configuration: self.source, interruptedBy: self.wakeUp)
            let frame = try Frame()
            while !self.stopRequested.load(ordering: .relaxed) {
                let outcome = frameSource.read(into: frame)
                // A stop that came during the read (often while it waited for the next frame) ends the loop now.
                if self.stopRequested.load(ordering: .relaxed) { break }
                switch outcome {
                case .frame(let info):
                    handler(.frame(frame, info))
                case .noFrame(let reason):
                    handler(.noFrame(reason: reason))
                case .finished:
                    handler(.finished)
                    self.stopRequested.store(true, ordering: .relaxed)
                }
            }
            frameSource.close()
        } catch {
            failure = error
        }
        self.state.withLock { $0.failure = failure }
    }
}
