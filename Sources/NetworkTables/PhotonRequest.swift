/// A request robot code made through PhotonLib (`setPipelineIndex`, `setDriverMode`, `setFPSLimit`), read from
/// `/photonvision/<camera>/{pipelineIndexRequest,driverModeRequest,fpsLimitRequest}` by
/// ``PhotonCameraPublisher/newRequests()``. Values of the wrong NT type or out of range arrive as ``malformed``.
public enum PhotonRequest: Sendable, Hashable {
    /// Select pipeline `index` (0-based; whether it exists is the service's check).
    case pipelineIndex(Int)
    /// Driver mode on (pause processing) or off.
    case driverMode(Bool)
    /// Frames per second to process at most; `nil`: unlimited (PhotonLib's -1, or 0).
    case fpsLimit(Int?)
    /// A value that cannot be a request: the topic's key and why.
    case malformed(key: String, reason: String)

    /// The largest FPS limit accepted (above it a limit cannot be meant).
    public static let maxFPSLimit = 1_000

    /// The request topics' keys under the camera's table.
    static let keys = ["pipelineIndexRequest", "driverModeRequest", "fpsLimitRequest"]

    /// The request `value` on `key` stands for.
    init(key: String, value: NTValue) {
        switch (key, value) {
        case ("pipelineIndexRequest", .int(let index)):
            guard let index = Int32(exactly: index), index >= 0 else {
                self = .malformed(key: key, reason: "pipeline index \(index) is out of range")
                return
            }
            self = .pipelineIndex(Int(index))
        case ("driverModeRequest", .boolean(let on)):
            self = .driverMode(on)
        case ("fpsLimitRequest", .int(let limit)):
            guard limit <= Self.maxFPSLimit else {
                let reason = "FPS limit \(limit) is over \(Self.maxFPSLimit) (use -1 for no limit)"
                self = .malformed(key: key, reason: reason)
                return
            }
            self = .fpsLimit(limit > 0 ? Int(limit) : nil)
        default:
            let wanted = key == "driverModeRequest" ? "a boolean" : "an integer"
            self = .malformed(key: key, reason: "\(String(describing: value).prefix(60)) is not \(wanted)")
        }
    }
}
