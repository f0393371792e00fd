/// The result of one ``FrameSource/read(into:)``.
public enum FrameReadOutcome: Hashable, Sendable {
    /// A frame was written into the caller's ``Frame``.
    case frame(FrameInfo)
    /// No frame this time (source opening, lost, backing off); the caller keeps running and reads again.
    case noFrame(reason: String)
    /// A non-looping file or image list has ended; further reads return `.finished`.
    case finished
}
