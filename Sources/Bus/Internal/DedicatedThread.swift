#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// An OS thread for blocking work (ZeroMQ polls, terminal reads), kept off Swift's cooperative pool.
/// Package-visible: the executables use it for their own blocking loops.
package final class DedicatedThread: Sendable {
    private let thread: Mutex<pthread_t?>

    /// Starts `body` on a new thread; `name` says what it is for when debugging.
    package init(name: String, _ body: @escaping @Sendable () -> Void) {
        self.thread = Mutex(Self.start(name: name, body))
    }

    /// Waits for the thread to return. Later calls return at once.
    package func join() {
        let thread = self.thread.withLock { thread -> pthread_t? in
            defer { thread = nil }
            return thread
        }
        if let thread {
            pthread_join(thread, nil)
        }
    }

    /// Lets the thread run to completion on its own; nobody will join it.
    package func detach() {
        if let thread = self.thread.withLock({ thread -> pthread_t? in
            defer { thread = nil }
            return thread
        }) {
            pthread_detach(thread)
        }
    }

    /// Waits for the thread without blocking a cooperative-pool thread: the join runs on a detached helper thread.
    package func joinAsync() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            pthread_detach(Self.start(name: "join") {
                self.join()
                continuation.resume()
            })
        }
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
