import Foundation
import Synchronization

/// Runs a ``FrameSource`` and a per-frame handler on one dedicated thread (never the Swift concurrency pool).
///
/// The handler is built on the worker thread by `makeHandler`, so pipelines (not `Sendable`) are created and used
/// on that thread only. The loop ends after ``stop()``, when a non-looping source finishes, or when `makeHandler`
/// throws. Publish results from the handler as `Sendable` values (for example `TargetingResult` or JPEG bytes).
public final class VisionWorker: Sendable {
    public typealias Handler = (FrameEvent) -> Void

    private struct State {
        var started = false
        var finished = false
        var failure: (any Error)?
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The thread's name (visible in `top -H`, debuggers).
    public let name: String
    public let source: FrameSourceConfiguration
    private let makeHandler: @Sendable () throws -> Handler
    private let stopRequested = Atomic<Bool>(false)
    /// Signalled on a stop request, so the source's waits (frame pacing, reconnect back-off) end at once.
    private let wakeUp = DispatchSemaphore(value: 0)
    private let state = Mutex(State())
    private let done = DispatchSemaphore(value: 0)

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
        let first = self.state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        let thread = Thread { [self] in self.run() }
        thread.name = self.name
        thread.start()
    }

    /// Whether the loop has ended.
    public var isFinished: Bool { self.state.withLock { $0.finished } }

    /// The error that ended the loop, if `makeHandler` threw.
    public var failure: (any Error)? { self.state.withLock { $0.failure } }

    /// Asks the loop to end after the current frame; does not wait.
    public func requestStop() {
        guard !self.stopRequested.exchange(true, ordering: .relaxed) else { return }
        self.wakeUp.signal()
    }

    /// Stops the loop and waits (without blocking a concurrency thread) until the worker thread has exited.
    public func stop() async {
        self.requestStop()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = self.state.withLock { state in
                if state.finished || !state.started { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Stops the loop and blocks the calling (non-async) thread until it exits or `timeout` passes.
    /// Returns whether the thread exited.
    @discardableResult
    public func stopAndWait(timeout: Double) -> Bool {
        self.requestStop()
        if !self.state.withLock({ $0.started }) { return true }
        if self.isFinished { return true }
        let exited = self.done.wait(timeout: .now() + timeout) == .success
        if exited { self.done.signal() }
        return exited
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
        let waiters = self.state.withLock { state in
            state.finished = true
            state.failure = failure
            defer { state.waiters = [] }
            return state.waiters
        }
        self.done.signal()
        for waiter in waiters { waiter.resume() }
    }
}
