import Foundation
import Testing
import Vision

/// The synthetic scene as a pure function of the wall clock (`seconds_per_pose`): two sources with the same poses
/// show the same pose at the same moment, which is what keeps the demo's overlay on its target.
struct SyntheticSceneTimingTests {
    static let poses = [
        SyntheticTargetPose(distanceMeters: 1), SyntheticTargetPose(distanceMeters: 2), SyntheticTargetPose(distanceMeters: 3),
    ]

    static func settings(secondsPerPose: Double?) -> SyntheticSourceSettings {
        SyntheticSourceSettings(calibration: TestData.lifecam480p, poses: Self.poses, secondsPerPose: secondsPerPose)
    }

    @Test func theIndexIsTheTimeSlotModuloThePoses() {
        let settings = Self.settings(secondsPerPose: 2)
        #expect(settings.poseIndex(atUnixTime: 0) == 0)
        #expect(settings.poseIndex(atUnixTime: 1.999) == 0)
        #expect(settings.poseIndex(atUnixTime: 2) == 1)
        #expect(settings.poseIndex(atUnixTime: 5.5) == 2)
        #expect(settings.poseIndex(atUnixTime: 6) == 0)
        #expect(settings.poseIndex(atUnixTime: 1_764_000_002.25) == 1)  // slot 882,000,001
        #expect(settings.poseIndex(atUnixTime: -0.5) == 2)
    }

    @Test func withoutTimingOrWithBadValuesThereIsNoIndexAndNoTrap() {
        #expect(Self.settings(secondsPerPose: nil).poseIndex(atUnixTime: 10) == nil)
        for bad in [0, -1, .nan, .infinity, 1e-300] {
            let settings = Self.settings(secondsPerPose: bad)
            #expect(!settings.hasValidTiming)
            #expect(settings.poseIndex(atUnixTime: 10) == nil)
        }
        let settings = Self.settings(secondsPerPose: 0.001)
        for time in [Double.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .nan, .infinity, 1e300] {
            if let index = settings.poseIndex(atUnixTime: time) { #expect((0..<3).contains(index)) }
        }
        #expect(Self.settings(secondsPerPose: 2).poseIndex(atUnixTime: .nan) == nil)
    }

    @Test func twoSourcesShowTheSamePoseAtTheSameMoment() throws {
        // Different resolutions, as targeting (320x240) and camstreamer (640x480) in the demo.
        let small = FrameSource(configuration: .synthetic(.demo(width: 320, height: 240)))
        let large = FrameSource(configuration: .synthetic(.demo(width: 640, height: 480)))
        let frame = try Frame()
        var compared = 0
        for _ in 0..<10 {
            let before = Date().timeIntervalSince1970
            guard case .frame(let a) = small.read(into: frame), case .frame(let b) = large.read(into: frame) else {
                Issue.record("no synthetic frame")
                return
            }
            let after = Date().timeIntervalSince1970
            // Unless the two reads straddled a change of pose, they rendered the same one.
            let settings = SyntheticSourceSettings.demo(width: 320, height: 240)
            guard settings.poseIndex(atUnixTime: before) == settings.poseIndex(atUnixTime: after) else { continue }
            #expect(a.syntheticPose == b.syntheticPose)
            #expect(a.syntheticPose == settings.poses[settings.poseIndex(atUnixTime: before)!])
            compared += 1
        }
        #expect(compared >= 8)
    }

    @Test func aSourceWithBadTimingDoesNotOpen() throws {
        let source = FrameSource(configuration: .synthetic(Self.settings(secondsPerPose: 0)))
        source.maxBlockSeconds = 0.01
        guard case .noFrame(let reason) = source.read(into: try Frame()) else {
            Issue.record("a bad seconds_per_pose opened")
            return
        }
        #expect(reason.contains("seconds_per_pose"))
    }
}
