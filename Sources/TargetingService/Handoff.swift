import Synchronization

/// Moves a value made at start-up (so that its errors stop the service at once) to the camera thread that owns it
/// from then on: the results sender, the field localizer.
public final class Handoff<Value>: Sendable {
    private let slot: Mutex<Value?>

    public init(_ value: sending Value) {
        self.slot = Mutex(value)
    }

    /// The value, the first time; `nil` after.
    func take() -> sending Value? {
        self.slot.withLock { slot -> sending Value? in slot.take() }
    }
}
