import WireFormat

/// Serializes a ``WireFormat/TargetingResult`` as PhotonVision's `PhotonPipelineResult` (the bytes of its
/// `rawBytes` topic, message ``PhotonMessageDefinitions/pipelineResult``), as PhotonLib decodes it.
///
/// Mapping from our result:
/// - each target (at most 127, the protocol's list limit) becomes a `PhotonTrackedTarget`: yaw (positive right),
///   pitch (positive up), area (% of the image) and skew in degrees as we measure them; the fiducial id (-1 for
///   non-tag targets); object detection class id and confidence -1 (no object detection); best and alternate
///   camera-to-target transforms (identity when not solved; rotations normalised); the pose ambiguity; the corners
///   of the minimum-area rectangle around the target's corners; the detected corners as we found them;
/// - a multi-tag field pose becomes the `MultiTargetPNPResult`: `estimatedPose.best` and `.alt` are both the
///   field-to-camera transform (as PhotonVision's multi-tag pipeline fills them), both reprojection errors ours,
///   ambiguity 0, and the ids of the tags used. A single-tag field pose is not a multi-target result (PhotonVision
///   only solves multi-tag from two tags or more), so then the optional is absent.
public enum PhotonResultEncoder {
    /// The bytes of one result.
    ///
    /// - Parameters:
    ///   - result: The targeting result.
    ///   - metadata: Sequence id, timestamps and time since the last pong, already in the reader's time base.
    public static func encode(_ result: TargetingResult, metadata: PhotonPipelineMetadata) -> [UInt8] {
        var writer = PhotonPacketWriter(capacity: 34 + result.targets.count * 300 + 256)
        writer.write(metadata.sequenceID)
        writer.write(metadata.captureTimestampMicros)
        writer.write(metadata.publishTimestampMicros)
        writer.write(metadata.timeSinceLastPong)
        let count = writer.writeListCount(result.targets.count)
        for target in result.targets.prefix(count) {
            Self.encode(target, into: &writer)
        }
        if let pose = result.fieldPose, pose.isMultiTag {
            writer.writeBoolean(true)
            writer.write(pose.fieldToCamera)
            writer.write(pose.fieldToCamera)
            writer.write(Double(pose.reprojectionErrorPixels))
            writer.write(Double(pose.reprojectionErrorPixels))
            writer.write(0.0)
            let idCount = writer.writeListCount(pose.tagIDs.count)
            for id in pose.tagIDs.prefix(idCount) { writer.write(id) }
        } else {
            writer.writeBoolean(false)
        }
        return writer.bytes
    }

    private static func encode(_ target: Target, into writer: inout PhotonPacketWriter) {
        writer.write(Double(target.yawDegrees))
        writer.write(Double(target.pitchDegrees))
        writer.write(Double(target.areaPercent))
        writer.write(Double(target.skewDegrees))
        writer.write(Int32(target.id))
        writer.write(Int32(-1))
        writer.write(Float(-1))
        for pose in [target.bestPose, target.alternatePose] {
            if let pose { writer.write(pose.cameraToTarget) } else { writer.writeIdentityTransform() }
        }
        writer.write(Double(target.ambiguity))
        let corners = target.corners
        writer.writeCorners(MinimumAreaRectangle.corners(of: corners))
        writer.writeCorners(corners)
    }
}
