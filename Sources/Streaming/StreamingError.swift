/// An error from the ``Streaming`` module. Each message says what was wrong and what to change.
public enum StreamingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A request's query parameter (`resolution=`, `fps=`, `compression=`) could not be parsed or is out of range.
    case invalidQueryParameter(String)
    /// A configuration value is out of range.
    case invalidConfiguration(String)
    /// The server could not listen on its address and port.
    case bindFailed(String)
    /// ``MJPEGServer/start()`` was called twice.
    case alreadyStarted(String)

    /// What went wrong, without the advice of ``description`` (for example an HTTP 400 body).
    public var message: String {
        switch self {
        case .invalidQueryParameter(let message), .invalidConfiguration(let message), .bindFailed(let message),
            .alreadyStarted(let message):
            message
        }
    }

    public var description: String {
        switch self {
        case .invalidQueryParameter(let message): "bad stream request: \(message); fix the URL's query"
        case .invalidConfiguration(let message): "invalid streaming configuration: \(message)"
        case .bindFailed(let message):
            "\(message); stop the process that holds the port or choose another (streaming.base_port)"
        case .alreadyStarted(let message): "\(message); create a new server to start again"
        }
    }
}
