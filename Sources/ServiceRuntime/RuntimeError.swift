public import Bus

/// Why a service stopped with an error.
public enum RuntimeError: Error, Sendable, CustomStringConvertible {
    /// The stop channel could not be bound: another process holds the port, or the address is not local.
    case controlEndpoint(String, BusError)
    /// A worker threw.
    case serviceFailed(any Error)
    /// A part of the service could not be set up at start (`what` names it: "the results channel", "field").
    case setupFailed(what: String, any Error)

    public var description: String {
        switch self {
        case .controlEndpoint(let endpoint, let error):
            "cannot open the control endpoint \(endpoint): \(error). Is another instance running? "
                + "Change service.control or stop the other process."
        case .serviceFailed(let error): "a worker failed: \(error)"
        case .setupFailed(let what, let error): "\(what): \(error)"
        }
    }
}
