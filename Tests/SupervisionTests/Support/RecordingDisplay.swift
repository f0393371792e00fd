import Supervision
import Synchronization

/// A status line that keeps what it was shown.
final class RecordingDisplay: StatusDisplay {
    private let state = Mutex<(lines: [String], removed: Bool)>(([], false))

    func show(_ text: String) {
        self.state.withLock { $0.lines.append(text) }
    }

    func remove() {
        self.state.withLock { $0.removed = true }
    }

    /// The line shown last.
    var latest: String? { self.state.withLock { $0.lines.last } }
    var removed: Bool { self.state.withLock { $0.removed } }
}
