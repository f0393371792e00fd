import NIOCore
import Synchronization

/// Coalesces frame notifications from producer threads into at most one pending task on a connection's event loop.
final class EventLoopWakeCoalescer: Sendable {
    private let pending = Atomic<Bool>(false)
    private let eventLoop: any EventLoop
    private let action: NIOLoopBound<() -> Void>

    /// `action` runs on `eventLoop`; create the coalescer on that loop.
    init(eventLoop: any EventLoop, action: @escaping () -> Void) {
        self.eventLoop = eventLoop
        self.action = NIOLoopBound(action, eventLoop: eventLoop)
    }

    /// Called from any thread: schedules `action` unless it is already scheduled.
    func signal() {
        guard !self.pending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let action = self.action
        self.eventLoop.execute {
            self.pending.store(false, ordering: .releasing)
            action.value()
        }
    }
}
