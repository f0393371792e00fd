/// A value received from the server for a subscribed topic.
public struct NTValueUpdate: Sendable, Hashable {
    /// The topic name, e.g. `/FMSInfo/IsRedAlliance`.
    public var name: String
    /// The topic's type string as announced (`boolean`, `double`, `struct:Pose2d`, ...).
    public var type: String
    /// The value.
    public var value: NTValue
    /// When it was set, microseconds in the server's time base (0 for a "set default").
    public var serverMicros: Int64
    /// The same instant in local ``WireFormat/MonotonicClock`` microseconds, when the clock is synchronised.
    public var localMicros: Int64?

    /// Creates an update.
    public init(name: String, type: String, value: NTValue, serverMicros: Int64, localMicros: Int64?) {
        self.name = name
        self.type = type
        self.value = value
        self.serverMicros = serverMicros
        self.localMicros = localMicros
    }
}
