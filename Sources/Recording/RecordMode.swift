/// When targeting records (`record.mode`).
public enum RecordMode: String, Codable, Sendable, Hashable, CaseIterable {
    /// Never (the default).
    case off
    /// Every processed frame, from start to stop.
    case always
    /// While the robot is enabled (NetworkTables `/FMSInfo/FMSControlData` bit 0), one segment per enabled period;
    /// a disabled gap shorter than ``RecordConfiguration/enabledGraceSeconds`` (autonomous to teleop) keeps the segment.
    case enabled
}
