/// What a ``VisionWorker`` hands its per-frame handler, on the worker's thread.
///
/// The ``Frame`` is the worker's reused buffer: use it inside the handler only (encode or process it there).
public enum FrameEvent {
    case frame(Frame, FrameInfo)
    case noFrame(reason: String)
    case finished
}
