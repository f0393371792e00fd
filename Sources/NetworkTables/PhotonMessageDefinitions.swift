/// PhotonVision's message definitions (`photon-serde/messages.yaml`, 2026 protocol as `photonlibpy` 2026.3.4
/// decodes it): each message's name, UUID (the MD5 of its schema with nested message names replaced by their
/// UUIDs) and schema text. PhotonVision publishes each schema as a `photonstructschema` topic
/// `/.schema/photonstruct:<Type>:<UUID>` so that log viewers can decode `rawBytes`; the WPILib `Transform3d` it
/// embeds is described by WPILib `struct` schemas.
public enum PhotonMessageDefinitions {
    /// One PhotonVision message type.
    public struct Message: Sendable, Hashable {
        /// The type's name, e.g. `PhotonPipelineResult`.
        public var name: String
        /// The message UUID (32 lower-case hex digits).
        public var uuid: String
        /// The schema text.
        public var schema: String

        /// `Type:UUID`, the name part of its NT4 type string `photonstruct:Type:UUID`.
        public var qualifiedName: String { "\(self.name):\(self.uuid)" }
        /// The schema topic's name, `/.schema/photonstruct:Type:UUID`.
        public var schemaTopic: String { "/.schema/photonstruct:\(self.qualifiedName)" }
    }

    /// The pipeline result, the message published on `rawBytes`.
    public static let pipelineResult = Message(
        name: "PhotonPipelineResult",
        uuid: "4b2ff16a964b5e2bf04be0c1454d91c4",
        schema: "PhotonPipelineMetadata:ac0a45f686457856fb30af77699ea356 metadata;"
            + "PhotonTrackedTarget:cc6dbb5c5c1e0fa808108019b20863f1 targets[?];"
            + "optional MultiTargetPNPResult:541096947e9f3ca2d3f425ff7b04aa7b multitagResult;"
    )

    /// Every message type of a pipeline result, the result first.
    public static let messages: [Message] = [
        pipelineResult,
        Message(
            name: "PhotonPipelineMetadata",
            uuid: "ac0a45f686457856fb30af77699ea356",
            schema:
                "int64 sequenceID;int64 captureTimestampMicros;int64 publishTimestampMicros;int64 timeSinceLastPong;"
        ),
        Message(
            name: "PhotonTrackedTarget",
            uuid: "cc6dbb5c5c1e0fa808108019b20863f1",
            schema: "float64 yaw;float64 pitch;float64 area;float64 skew;int32 fiducialId;int32 objDetectId;"
                + "float32 objDetectConf;Transform3d bestCameraToTarget;Transform3d altCameraToTarget;"
                + "float64 poseAmbiguity;TargetCorner:16f6ac0dedc8eaccb951f4895d9e18b6 minAreaRectCorners[?];"
                + "TargetCorner:16f6ac0dedc8eaccb951f4895d9e18b6 detectedCorners[?];"
        ),
        Message(name: "TargetCorner", uuid: "16f6ac0dedc8eaccb951f4895d9e18b6", schema: "float64 x;float64 y;"),
        Message(
            name: "MultiTargetPNPResult",
            uuid: "541096947e9f3ca2d3f425ff7b04aa7b",
            schema: "PnpResult:ae4d655c0a3104d88df4f5db144c1e86 estimatedPose;int16 fiducialIDsUsed[?];"
        ),
        Message(
            name: "PnpResult",
            uuid: "ae4d655c0a3104d88df4f5db144c1e86",
            schema: "Transform3d best;Transform3d alt;float64 bestReprojErr;float64 altReprojErr;float64 ambiguity;"
        ),
    ]

    /// The WPILib struct schemas of `Transform3d` (nested structs first): topic name and schema text.
    public static let wpilibSchemas: [(topic: String, schema: String)] = [
        ("/.schema/struct:Translation3d", "double x;double y;double z"),
        ("/.schema/struct:Quaternion", "double w;double x;double y;double z"),
        ("/.schema/struct:Rotation3d", "Quaternion q"),
        ("/.schema/struct:Transform3d", "Translation3d translation;Rotation3d rotation"),
    ]

    /// The NT4 type of the `rawBytes` topic: `photonstruct:PhotonPipelineResult:<UUID>`.
    public static let resultType = NTType.photonStructValue(pipelineResult.qualifiedName)
}
