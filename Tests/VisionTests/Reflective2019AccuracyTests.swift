import Foundation
import TestSupport
import Testing
import Vision
import WireFormat

/// Accuracy of the 2019 reflective pipeline on WPILib's real 2019 images (distance in inches in the file name).
@Suite("Reflective 2019 pipeline on real images", .enabled(if: TestData.available, "shared test data not present"))
struct Reflective2019AccuracyTests {
    /// Images in which both tapes of a target are fully in view (checked by eye). Left out: tapes cut by the image
    /// border (CargoStraightDark19, LoadingStraightDark9/10/13, RocketBallStraightDark19/24) and a tape hidden
    /// behind a hatch panel (CargoSideStraightPanelDark36). The two non-"Dark" Loading images are over-exposed
    /// but in view, so they count.
    static let inView = [
        "CargoAngledDark48in.jpg", "CargoSideStraightDark36in.jpg", "CargoSideStraightDark60in.jpg",
        "CargoSideStraightDark72in.jpg", "CargoStraightDark24in.jpg", "CargoStraightDark48in.jpg",
        "CargoStraightDark72in.jpg", "CargoStraightDark72in_HighRes.jpg", "CargoStraightDark90in.jpg",
        "LoadingAngle36in.jpg", "LoadingAngleDark36in.jpg", "LoadingAngleDark60in.jpg", "LoadingAngleDark96in.jpg",
        "LoadingStraight108in.jpg", "LoadingStraight36in.jpg", "LoadingStraightDark108in.jpg",
        "LoadingStraightDark21in.jpg", "LoadingStraightDark36in.jpg", "LoadingStraightDark48in.jpg",
        "LoadingStraightDark60in.jpg", "LoadingStraightDark84in.jpg", "RocketBallStraightDark29in.jpg",
        "RocketBallStraightDark48in.jpg", "RocketStraightDark96in.jpg",
    ]

    /// The Cargo-ship images' nominal distances sit a constant ~8 in beyond what every method measures: the seed's
    /// tape-gap pinhole formula (Cargo48 -> 39.9 in, CargoSide36 -> 26.0 in, Cargo90 -> 80.9 in), PhotonVision's own
    /// test (expects 1.10 m = 43.3 in for Cargo48) and this pipeline agree, and at equal labels the Cargo target
    /// is plainly bigger in the picture (``cargoTargetsLookCloserThanLoadingTargetsWithTheSameLabel()``). Their
    /// reference is therefore nominal - 8 in; the raw-nominal figures are printed too.
    static let cargoOffsetMeters = 8 * 0.0254

    static func reference(_ name: String) -> Double? {
        guard let nominal = TestData.nominalMeters(name) else { return nil }
        return name.hasPrefix("Cargo") ? nominal - Self.cargoOffsetMeters : nominal
    }

    struct Reading {
        var name: String
        var target: Target2019
    }

    static func run(_ names: [String]) throws -> [Reading] {
        let calibration = try CameraCalibration.load(path: SharedTestData.path("calibration/lifecam240p.json"))
        let pipeline = try Reflective2019Pipeline(calibration: calibration)
        let frame = try Frame()
        return try names.map { name in
            try frame.load(SharedTestData.path("2019/\(name)"))
            return Reading(name: name, target: try pipeline.process(frame))
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .infinity }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Same camera, same resolution, same label, same target geometry: the image width of the whole target (outer
    /// tape corners) is inversely proportional to the distance, so equal labels should give equal widths. The Cargo
    /// photos show it 24 % (48 in) and 41 % (36 in) wider, i.e. taken that much closer than labelled: no method
    /// that measures from the pixels can read both labels.
    @Test(arguments: [("CargoStraightDark48in.jpg", "LoadingStraightDark48in.jpg"), ("CargoSideStraightDark36in.jpg", "LoadingStraightDark36in.jpg")])
    func cargoTargetsLookCloserThanLoadingTargetsWithTheSameLabel(cargo: String, loading: String) throws {
        let readings = try Self.run([cargo, loading])
        let widths = readings.map { reading -> Float in
            let xs = reading.target.corners.map(\.x)
            return (xs.max() ?? 0) - (xs.min() ?? 0)
        }
        try #require(readings.allSatisfy(\.target.found) && widths.allSatisfy { $0 > 0 })
        print(String(format: "target width: %@ %.0f px, %@ %.0f px (%.2fx)", cargo, widths[0], loading, widths[1], widths[0] / widths[1]))
        #expect(widths[0] / widths[1] > 1.15)
    }

    @Test func findsTheTargetInAtLeast90PercentOfInViewImages() throws {
        let readings = try Self.run(Self.inView)
        let found = readings.filter(\.target.found)
        let missed = readings.filter { !$0.target.found }.map(\.name)
        print("reflective2019: found \(found.count) of \(readings.count) in-view images; missed \(missed)")
        #expect(Double(found.count) >= 0.9 * Double(readings.count), "missed: \(missed)")
    }

    @Test func medianDistanceErrorIsAtMost5Percent() throws {
        let found = try Self.run(Self.inView).filter(\.target.found)
        var errors: [Double] = []
        var rawErrors: [Double] = []
        for reading in found {
            let measured = reading.target.distanceMeters
            let reference = try #require(Self.reference(reading.name))
            let nominal = try #require(TestData.nominalMeters(reading.name))
            errors.append(abs(measured - reference) / reference)
            rawErrors.append(abs(measured - nominal) / nominal)
            print(String(format: "%@ measured %.3f m, reference %.3f m (%+.1f %%), raw nominal %.3f m (%+.1f %%)",
                         reading.name, measured, reference, 100 * (measured - reference) / reference, nominal,
                         100 * (measured - nominal) / nominal))
        }
        let median = Self.median(errors)
        print(String(format: "median error %.2f %% (raw nominal: %.2f %%) over %d images",
                     100 * median, 100 * Self.median(rawErrors), errors.count))
        #expect(median <= 0.05)
        // Without the Cargo series the raw nominal distances apply unchanged.
        let nonCargo = zip(found, rawErrors).filter { !$0.0.name.hasPrefix("Cargo") }.map(\.1)
        #expect(Self.median(nonCargo) <= 0.05)
    }

    @Test func noTargetAt24InchesOrMoreIsOffByMoreThan15Percent() throws {
        let all = try FileManager.default.contentsOfDirectory(atPath: SharedTestData.path("2019"))
            .filter { $0.hasSuffix(".jpg") }.sorted()
        let readings = try Self.run(all)
        for reading in readings where reading.target.found {
            let nominal = try #require(TestData.nominalMeters(reading.name))
            guard nominal >= 24 * 0.0254 - 1e-9 else { continue }
            let reference = try #require(Self.reference(reading.name))
            let error = abs(reading.target.distanceMeters - reference) / reference
            #expect(error <= 0.15, "\(reading.name): \(reading.target.distanceMeters) m vs \(reference) m")
        }
    }

    @Test func yawAndOffsetAgreeOnStraightShots() throws {
        let straight = Self.inView.filter { $0.contains("Straight") && !$0.hasPrefix("Cargo") }
        for reading in try Self.run(straight) where reading.target.found {
            // Straight-on shots: the target is near the image centre.
            #expect(abs(reading.target.yawDegrees) < 5, "\(reading.name)")
            #expect(abs(reading.target.offsetPixels) < 0.1 * Double(reading.target.imageWidth), "\(reading.name)")
            #expect(reading.target.corners.count == 8)
        }
    }

    @Test func convertsToTheWireFormat() throws {
        let reading = try #require(try Self.run(["LoadingStraightDark48in.jpg"]).first)
        #expect(reading.target.found)
        let info = FrameInfo(frameNumber: 3, captureTime: 7_000, width: 320, height: 240)
        let wire = TargetingResult(.reflective2019(reading.target), frame: info, completedAt: 907_000)
        let target = try #require(wire.bestTarget)
        #expect(wire.targets.count == 1 && wire.pipeline == .reflective2019 && target.corners.count == 8 && target.id == -1)
        #expect(abs(Double(target.distanceMeters) - reading.target.distanceMeters) < 1e-5)
        #expect(wire.imageWidth == 320 && wire.imageHeight == 240)
        #expect(wire.pipelineLatencyMicroseconds == 900 && wire.frameNumber == 3 && wire.captureTime == 7_000)
    }
}
