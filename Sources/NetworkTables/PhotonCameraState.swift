/// What a PhotonVision camera reports of its settings with every result: `pipelineIndexState`, `driverMode` and
/// `fpsLimit` under `/photonvision/<camera>/` (the state topics of ``PhotonRequest``).
public struct PhotonCameraState: Sendable, Hashable {
    /// The active pipeline's index.
    public var pipelineIndex: Int
    /// Whether processing is paused for the driver.
    public var driverMode: Bool
    /// The processing rate limit, frames per second; `nil`: unlimited (published as -1, as PhotonVision does).
    public var fpsLimit: Int?

    public init(pipelineIndex: Int = 0, driverMode: Bool = false, fpsLimit: Int? = nil) {
        self.pipelineIndex = pipelineIndex
        self.driverMode = driverMode
        self.fpsLimit = fpsLimit
    }
}
