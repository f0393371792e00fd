/// The fixed part at the start of every frame on the bus.
///
/// Layout (little-endian, 21 bytes plus the sender name; see `docs/wire-format.md`):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 2 | magic `RV` |
/// | 2 | 1 | schema version (``WireFormat/version``) |
/// | 3 | 1 | message type (``MessageType``) |
/// | 4 | 8 | sequence number, per sender, `u64` |
/// | 12 | 8 | send time, ``MonotonicClock`` nanoseconds, `u64` |
/// | 20 | 1 | sender name length `n` (at most 64) |
/// | 21 | n | sender name, UTF-8 |
public struct MessageHeader: Hashable, Sendable {
    public var type: MessageType
    /// Increases by one for each message a sender sends; a gap means messages were lost on the way.
    public var sequence: UInt64
    /// ``MonotonicClock`` nanoseconds when the message was sent.
    public var sentAt: UInt64
    /// The sending service's name, e.g. `targeting`.
    public var sender: String

    public init(type: MessageType, sequence: UInt64, sentAt: UInt64 = MonotonicClock.now(), sender: String) {
        self.type = type
        self.sequence = sequence
        self.sentAt = sentAt
        self.sender = sender
    }
}
