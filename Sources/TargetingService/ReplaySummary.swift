import Foundation

/// The last line of `targeting replay`: how the replayed results compare with the recorded ones.
public struct ReplaySummary: Encodable, Sendable {
    /// Frames replayed (recorded frames whose video frame exists).
    public var frames = 0
    /// Recorded results whose video frame is missing (a video cut short by a kill).
    public var framesWithoutVideo = 0
    /// Frames with a target, recorded and replayed.
    public var recordedFound = 0
    public var replayedFound = 0
    /// Frames whose targets and field pose are bit-identical.
    public var identicalFrames = 0
    /// Frames whose target ids differ.
    public var targetsChanged = 0
    /// Mean and largest pose change over the frames where both results have a pose, metres.
    public var meanPoseChangeMeters = 0.0
    public var maxPoseChangeMeters = 0.0
    /// Frames counted in the pose change figures.
    public var poseFrames = 0
    /// Mean and largest change of the best target's yaw over the frames whose best targets agree, degrees.
    public var meanYawChangeDegrees = 0.0
    public var maxYawChangeDegrees = 0.0
    private var yawFrames = 0

    /// Found rates, 0...1.
    public var recordedFoundRate = 0.0
    public var replayedFoundRate = 0.0

    mutating func add(_ report: ReplayFrameReport) {
        self.frames += 1
        if !report.recorded.ids.isEmpty { self.recordedFound += 1 }
        if !report.replayed.ids.isEmpty { self.replayedFound += 1 }
        self.recordedFoundRate = Double(self.recordedFound) / Double(self.frames)
        self.replayedFoundRate = Double(self.replayedFound) / Double(self.frames)
        if report.identical { self.identicalFrames += 1 }
        if report.recorded.ids != report.replayed.ids { self.targetsChanged += 1 }
        if let change = report.poseChangeMeters {
            self.meanPoseChangeMeters += (change - self.meanPoseChangeMeters) / Double(self.poseFrames + 1)
            self.maxPoseChangeMeters = max(self.maxPoseChangeMeters, change)
            self.poseFrames += 1
        }
        if let change = report.yawChangeDegrees {
            self.meanYawChangeDegrees += (change - self.meanYawChangeDegrees) / Double(self.yawFrames + 1)
            self.maxYawChangeDegrees = max(self.maxYawChangeDegrees, change)
            self.yawFrames += 1
        }
    }

    /// The summary as `targeting replay` prints it: `{"summary":{...}}` with snake-case keys, sorted.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        return #"{"summary":"# + body + "}"
    }
}
