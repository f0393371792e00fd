import Testing
import WireFormat

@testable import NetworkTables

/// WPILib's `Pose3d` struct packing: 7 little-endian doubles, translation then quaternion w, x, y, z.
struct Pose3dStructTests {
    @Test func packsTranslationThenQuaternionAsLittleEndianDoubles() {
        let pose = Transform3D(x: 1.5, y: -2, z: 0.25, qw: 0.5, qx: -0.5, qy: 0.5, qz: 0.5)
        let bytes = Pose3dStruct.pack(pose)
        #expect(bytes.count == Pose3dStruct.size)
        let doubles = (0..<7).map { index in
            Double(bitPattern: bytes[(index * 8)..<(index * 8 + 8)].reversed().reduce(0) { $0 << 8 | UInt64($1) })
        }
        #expect(doubles == [1.5, -2, 0.25, 0.5, -0.5, 0.5, 0.5])
        // 1.5 is 0x3FF8000000000000: the low byte comes first.
        #expect(Array(bytes[0..<8]) == [0, 0, 0, 0, 0, 0, 0xF8, 0x3F])
    }

    @Test func typeAndSchemasAreWPILibs() {
        #expect(Pose3dStruct.type.typeString == "struct:Pose3d")
        #expect(NTType.structSchema.typeString == "structschema")
        #expect(Pose3dStruct.type.typeID == NTType.raw.typeID)
        let schemas = Dictionary(uniqueKeysWithValues: Pose3dStruct.schemas.map { ($0.topic, $0.schema) })
        #expect(schemas["/.schema/struct:Pose3d"] == "Translation3d translation;Rotation3d rotation")
        #expect(schemas["/.schema/struct:Translation3d"] == "double x;double y;double z")
        #expect(schemas["/.schema/struct:Rotation3d"] == "Quaternion q")
        #expect(schemas["/.schema/struct:Quaternion"] == "double w;double x;double y;double z")
    }
}
