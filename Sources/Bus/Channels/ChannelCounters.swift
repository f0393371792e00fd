import Synchronization

/// Counts what a channel did, readable from any thread (for status and logs) while its owner thread updates it.
public final class ChannelCounters: Sendable {
    private let sentCount = Atomic<UInt64>(0)
    private let receivedCount = Atomic<UInt64>(0)
    private let droppedCount = Atomic<UInt64>(0)
    private let malformedCount = Atomic<UInt64>(0)
    private let gapCount = Atomic<UInt64>(0)

    public init() {}

    /// Messages handed to libzmq (sender).
    public var sent: UInt64 { self.sentCount.load(ordering: .relaxed) }
    /// Messages that passed every check and were delivered (receiver).
    public var received: UInt64 { self.receivedCount.load(ordering: .relaxed) }
    /// Messages refused because no consumer was connected or its bounded queue was full.
    public var dropped: UInt64 { self.droppedCount.load(ordering: .relaxed) }
    /// Frames rejected by the wire-format decoder (garbage, truncated, unknown version or type).
    public var malformed: UInt64 { self.malformedCount.load(ordering: .relaxed) }
    /// Messages a receiver never saw, from gaps in the senders' sequence numbers (in `latest` mode this counts
    /// results superseded by newer ones, which is the point of that mode).
    public var gaps: UInt64 { self.gapCount.load(ordering: .relaxed) }

    func countSent() { self.sentCount.add(1, ordering: .relaxed) }
    /// Called by the receiving thread alone (each receiver has its counters): a load and a store, no locked add.
    func countReceived() {
        self.receivedCount.store(self.receivedCount.load(ordering: .relaxed) &+ 1, ordering: .relaxed)
    }
    func countDropped() { self.droppedCount.add(1, ordering: .relaxed) }
    func countMalformed() { self.malformedCount.add(1, ordering: .relaxed) }
    /// Saturates at `UInt64.max`: a hostile sender whose sequence jumps by 2^63 again and again must not overflow
    /// the total (an overflowing atomic `add` traps).
    func countGap(_ missing: UInt64) {
        var current = self.gapCount.load(ordering: .relaxed)
        while true {
            let (sum, overflow) = current.addingReportingOverflow(missing)
            let (exchanged, original) = self.gapCount.compareExchange(
                expected: current, desired: overflow ? .max : sum, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
