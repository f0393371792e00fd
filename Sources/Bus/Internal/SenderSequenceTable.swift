/// The last sequence number seen from each sender, for the `capacity` most recently seen senders: a peer
/// inventing a new sender name per message evicts the least recently seen one instead of growing the table.
struct SenderSequenceTable {
    private struct Entry {
        var sequence: UInt64
        /// When the sender was last recorded, in ``tick`` units (larger is more recent).
        var lastSeen: UInt64
    }

    /// The most senders tracked.
    let capacity: Int
    private var entries: [String: Entry] = [:]
    private var tick: UInt64 = 0

    init(capacity: Int) {
        precondition(capacity > 0, "a sender table holds at least one sender")
        self.capacity = capacity
        self.entries.reserveCapacity(capacity)
    }

    /// Senders tracked now (at most ``capacity``).
    var count: Int { self.entries.count }

    /// The last sequence recorded for `sender`, if it is still tracked.
    func sequence(of sender: String) -> UInt64? { self.entries[sender]?.sequence }

    /// Records `sequence` as `sender`'s last and marks it the most recently seen, evicting the least recently
    /// seen sender when the table is full. Costs a scan of the table only when a new sender evicts one.
    mutating func record(_ sequence: UInt64, for sender: String) {
        self.tick &+= 1
        if self.entries[sender] == nil, self.entries.count >= self.capacity,
            let oldest = self.entries.min(by: { $0.value.lastSeen < $1.value.lastSeen })?.key
        {
            self.entries[oldest] = nil
        }
        self.entries[sender] = Entry(sequence: sequence, lastSeen: self.tick)
    }
}
