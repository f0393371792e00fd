/// Where the supervisor shows the stack's status line while it runs.
///
/// ``StatusLine`` draws it on the terminal's last row; tests record it.
public protocol StatusDisplay: Sendable {
    /// Replaces the shown line with `text`.
    func show(_ text: String)
    /// Clears the line (the stack is stopping).
    func remove()
}
