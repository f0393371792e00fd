#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking pipe another thread writes to wake a thread blocked in `poll` (or `zmq_poll`) on its read end.
package final class PollWakePipe: Sendable {
    /// The read end, to add to a poll set.
    package let fileDescriptor: Int32
    private let writeEnd: Int32

    package init() {
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
    package func signal() {
        var one: UInt8 = 1
        _ = write(self.writeEnd, &one, 1)
    }

    /// Clears pending wake-ups.
    package func drain() {
        var bytes: (UInt64, UInt64) = (0, 0)
        while read(self.fileDescriptor, &bytes, MemoryLayout.size(ofValue: bytes)) > 0 {}
    }

    /// Blocks the calling thread until a wake-up is pending or `seconds` pass (rounded up to milliseconds).
    /// Returns whether a wake-up is pending; it stays pending until ``drain()``.
    package func wait(seconds: Double) -> Bool {
        let milliseconds = seconds.isFinite ? Int32(min(max(0, (seconds * 1000).rounded(.up)), Double(Int32.max))) : -1
        var item = pollfd(fd: self.fileDescriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let result = poll(&item, 1, milliseconds)
            if result >= 0 { return result > 0 }
            if errno != EINTR { return false }
        }
    }
}
