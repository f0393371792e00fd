#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking pipe that another thread writes to wake a thread blocked in
/// ``ZMQPoller/poll(timeoutMilliseconds:)``.
final class WakeSignal: Sendable {
    /// The read end, to add to a poller.
    let fileDescriptor: Int32
    private let writeEnd: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        precondition(pipe(&ends) == 0, "pipe failed: errno \(errno)")
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        self.fileDescriptor = ends[0]
        self.writeEnd = ends[1]
    }

    deinit {
        close(self.fileDescriptor)
        close(self.writeEnd)
    }

    /// Wakes the waiting thread; safe from any thread.
    func signal() {
        var one: UInt8 = 1
        _ = write(self.writeEnd, &one, 1)
    }

    /// Clears pending wake-ups.
    func drain() {
        var bytes: (UInt64, UInt64) = (0, 0)
        while read(self.fileDescriptor, &bytes, MemoryLayout.size(ofValue: bytes)) > 0 {}
    }
}
