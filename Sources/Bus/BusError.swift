/// Why a bus channel could not be set up or used.
public enum BusError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A channel was configured with neither `bind` nor `connect` endpoints.
    case noEndpoints
    /// Binding or connecting an endpoint failed.
    case endpoint(String, ZMQError)
    /// A libzmq call failed.
    case zmq(ZMQError)

    public var description: String {
        switch self {
        case .noEndpoints: "a channel needs at least one endpoint to bind or connect; set `bind` or `connect`"
        case .endpoint(let endpoint, let error): "endpoint \(endpoint): \(error)"
        case .zmq(let error): error.description
        }
    }
}
