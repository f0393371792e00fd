/// The message kinds the bus carries; the raw value is the `type` byte of the header.
public enum MessageType: UInt8, Sendable, CaseIterable {
    /// One processed frame of the targeting service, found or not (``TargetingResult``).
    case targetingResult = 1
    /// Ask a service to stop (``StopRequest``).
    case stop = 2
    /// A service's answer to a stop (``StopAcknowledgement``).
    case stopAcknowledgement = 3
    /// A service's heartbeat and figures (``ServiceStatus``).
    case status = 4
    /// Ask a service for its ``ServiceStatus``.
    case statusRequest = 5
}
