/// What the recorder asks of the robot: whether it is enabled and its clock (both from NetworkTables when connected).
public struct RobotLink: Sendable {
    /// Whether the robot is enabled, or `nil` when unknown (not connected).
    public var isEnabled: @Sendable () -> Bool?
    /// The robot's time in microseconds for a local ``WireFormat/MonotonicClock`` time in microseconds, or `nil`
    /// while time is not synchronised.
    public var robotTime: @Sendable (_ localMicros: Int64) -> Int64?

    public init(isEnabled: @escaping @Sendable () -> Bool?, robotTime: @escaping @Sendable (Int64) -> Int64?) {
        self.isEnabled = isEnabled
        self.robotTime = robotTime
    }

    /// No robot: never enabled, no robot time.
    public static let none = RobotLink(isEnabled: { nil }, robotTime: { _ in nil })
}
