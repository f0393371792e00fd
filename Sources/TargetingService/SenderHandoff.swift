public import Bus
import Synchronization

/// Moves the results sender, opened at start-up (so endpoint errors stop the service at once), to the camera
/// thread that owns it from then on.
public final class SenderHandoff: Sendable {
    private let slot: Mutex<MessageSender?>

    public init(_ sender: sending MessageSender) {
        self.slot = Mutex(sender)
    }

    /// The sender, the first time; `nil` after.
    func take() -> MessageSender? {
        self.slot.withLock { $0.take() }
    }
}
