/// A decoded frame: its header and its typed payload.
public struct BusMessage: Hashable, Sendable {
    /// The typed payload of a frame.
    public enum Payload: Hashable, Sendable {
        indirect case targetingResult(TargetingResult)
        case stop(StopRequest)
        case stopAcknowledgement(StopAcknowledgement)
        case status(ServiceStatus)
        case statusRequest(StatusRequest)

        /// The header type byte for this payload.
        public var type: MessageType {
            switch self {
            case .targetingResult: .targetingResult
            case .stop: .stop
            case .stopAcknowledgement: .stopAcknowledgement
            case .status: .status
            case .statusRequest: .statusRequest
            }
        }
    }

    public var header: MessageHeader
    public var payload: Payload

    public init(header: MessageHeader, payload: Payload) {
        self.header = header
        self.payload = payload
    }
}
