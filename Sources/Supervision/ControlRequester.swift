public import WireFormat

/// The supervisor's side of the stop channel: asks services for their status and to stop.
///
/// ``BusControlRequester`` talks to real control endpoints; tests supply fakes.
public protocol ControlRequester: Sendable {
    /// Each endpoint's status, in order; `nil` for one that did not answer in time.
    func status(of endpoints: [String]) async -> [ServiceStatus?]
    /// Asks every endpoint to stop; whether each acknowledged within `timeoutSeconds`, in order.
    func stop(_ endpoints: [String], timeoutSeconds: Double) async -> [Bool]
}
