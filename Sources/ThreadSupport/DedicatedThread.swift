#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// An OS thread for blocking work (ZeroMQ polls, OpenCV captures, terminal reads), kept off Swift's cooperative pool.
///
/// This is the package's one way to hand work between a blocking thread and async code: async callers await
/// ``finished()`` (or ``run(name:_:)`` for a value); the thread resumes them when its body returns, so no
/// cooperative thread ever blocks on a join or a semaphore.
package final class DedicatedThread: Sendable {
    private struct State {
        var handle: pthread_t?
        var body: (@Sendable () -> Void)?
        var finished = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Starts `body` on a new thread; `name` says what it is for when debugging.
    ///
    /// Waiters resume only after `body` has returned and been released, so whatever it captured (sockets, a
    /// worker's state) is gone by then.
    package init(name: String, _ body: @escaping @Sendable () -> Void) {
        self.state.withLock { $0.body = body }
        let handle = Self.start(name: name) { [self] in
            self.runBody()
            self.markFinished()
        }
        self.state.withLock { $0.handle = handle }
    }

    /// Runs `body` on a new thread and returns its value without blocking the calling task's thread.
    package static func run<Value: Sendable>(name: String, _ body: @escaping @Sendable () -> Value) async -> Value {
        let result = ResultBox<Value>()
        let thread = DedicatedThread(name: name) { result.value.withLock { $0 = body() } }
        await thread.finished()
        thread.detach()
        return result.value.withLock { $0 }!
    }

    /// Carries a thread's result to the task awaiting it.
    private final class ResultBox<Value: Sendable>: Sendable {
        let value = Mutex<Value?>(nil)
    }

    /// Whether the body has returned.
    package var isFinished: Bool { self.state.withLock { $0.finished } }

    /// Returns once the body has returned; never blocks a thread.
    package func finished() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = self.state.withLock { state in
                if state.finished { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Waits for the body to return, then releases the thread. For async callers; later calls return at once.
    package func joinAsync() async {
        await self.finished()
        self.detach()
    }

    /// Blocks the calling (non-async) thread until the thread exits. Later calls return at once.
    package func join() {
        if let handle = self.takeHandle() {
            pthread_join(handle, nil)
        }
    }

    /// Lets the thread run to completion on its own; nobody will join it.
    package func detach() {
        if let handle = self.takeHandle() {
            pthread_detach(handle)
        }
    }

    private func takeHandle() -> pthread_t? {
        self.state.withLock { state in
            defer { state.handle = nil }
            return state.handle
        }
    }

    /// Runs the body and drops it (with everything it captured) before returning.
    private func runBody() {
        let body = self.state.withLock { state in
            defer { state.body = nil }
            return state.body
        }
        body?()
    }

    private func markFinished() {
        let waiters = self.state.withLock { state in
            state.finished = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private final class Start: Sendable {
        let name: String
        let body: @Sendable () -> Void

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    private static func start(name: String, _ body: @escaping @Sendable () -> Void) -> pthread_t {
        let start = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { argument in
            let start = Unmanaged<Start>.fromOpaque(argument!).takeRetainedValue()
            start.body()
            return nil
        }, start)
        precondition(result == 0, "pthread_create failed: \(result)")
        return thread
    }
}
