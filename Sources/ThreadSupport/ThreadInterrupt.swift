/// Ends a dedicated thread's timed waits early: once ``interrupt()`` is called, every ``sleep(seconds:)``, current
/// or later, returns at once. Used to stop a thread that paces itself or backs off between retries.
package final class ThreadInterrupt: Sendable {
    private let pipe = PollWakePipe()

    package init() {}

    /// Wakes every sleeper now and makes later sleeps return at once; safe from any thread.
    package func interrupt() {
        self.pipe.signal()
    }

    /// Blocks the calling thread for `seconds`, or less when interrupted. Returns `false` if it was interrupted.
    @discardableResult
    package func sleep(seconds: Double) -> Bool {
        !self.pipe.wait(seconds: seconds)
    }
}
