import Testing
import WireFormat

/// A producer's check (``WireLimits``) refuses exactly what the decoder refuses, field by field.
@Suite struct WireLimitsTests {
    static func accepts(_ result: TargetingResult) -> Bool {
        result.targets.allSatisfy(WireLimits.accepts) && (result.fieldPose.map(WireLimits.accepts) ?? true)
    }

    @Test func agreesWithTheDecoderOnEveryFloatField() throws {
        let good = WireFormatTests.apriltagResult(targets: 2, fieldPose: WireFormatTests.fieldPose)
        #expect(Self.accepts(good), "a normal result is accepted")
        for (field, set) in WireFormatTests.floatFields {
            for value: Float in [.nan, .infinity, -.infinity, 1e30, -1e30, 20_000] {
                var changed = good
                set(&changed, value)
                let decodes = (try? WireFormat.decode(WireFormatTests.frame(.targetingResult(changed)))) != nil
                #expect(Self.accepts(changed) == decodes, "\(field) = \(value): decoder \(decodes)")
            }
        }
    }

    @Test func aNonUnitRotationIsRefused() {
        var target = WireFormatTests.tag(1)
        #expect(WireLimits.accepts(target))
        target.bestPose?.cameraToTarget = Transform3D(x: 1, y: 0, z: 0, qw: 0, qx: 0, qy: 0, qz: 0)
        #expect(!WireLimits.accepts(target))
    }
}
