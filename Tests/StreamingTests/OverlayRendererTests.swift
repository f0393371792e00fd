import Foundation
import Testing
import Vision
import WireFormat

@testable import Streaming

@Suite struct OverlayRendererTests {
    let renderer = OverlayRenderer()

    static func square(x: Float, y: Float, size: Float = 40) -> [ImagePoint] {
        [ImagePoint(x: x, y: y), ImagePoint(x: x + size, y: y), ImagePoint(x: x + size, y: y + size), ImagePoint(x: x, y: y + size)]
    }

    func result(found: Bool = true, yaw: Float) -> TargetingResult {
        TargetingResult(
            captureTime: 1, pipeline: .apriltag, imageWidth: 320, imageHeight: 240,
            targets: found
                ? [Target(id: 3, yawDegrees: yaw, pitchDegrees: -1.5, distanceMeters: 2.31, corners: Self.square(x: 140, y: 100))]
                : [])
    }

    func snapshot(_ result: TargetingResult, age: Double = 0.05) -> TargetingSnapshot {
        TargetingSnapshot(result: result, ageSeconds: age, isStale: age > 0.5)
    }

    /// BGR pixel at (x, y).
    func pixel(_ frame: Frame, _ x: Int, _ y: Int) -> (b: UInt8, g: UInt8, r: UInt8) {
        frame.withUnsafeMutableBytes { bytes in
            let offset = y * frame.stride + x * 3
            return (bytes[offset], bytes[offset + 1], bytes[offset + 2])
        }
    }

    func blankFrame() throws -> Frame {
        let frame = try Frame(width: 640, height: 480)
        try frame.fill(.gray)
        return frame
    }

    func count(_ frame: Frame, where predicate: ((b: UInt8, g: UInt8, r: UInt8)) -> Bool, rows: Range<Int>) -> Int {
        var count = 0
        for y in rows {
            for x in stride(from: 0, to: frame.width, by: 2) where predicate(self.pixel(frame, x, y)) { count += 1 }
        }
        return count
    }

    @Test func verdicts() {
        #expect(self.renderer.verdict(for: nil) == .noData)
        #expect(self.renderer.verdict(for: self.snapshot(self.result(yaw: 0), age: 2.3)) == .stale(ageSeconds: 2.3))
        #expect(self.renderer.verdict(for: self.snapshot(self.result(found: false, yaw: 0))) == .noTarget)
        #expect(self.renderer.verdict(for: self.snapshot(self.result(yaw: 1))) == .centred)
        #expect(self.renderer.verdict(for: self.snapshot(self.result(yaw: 10))) == .offCentre(targetIsRight: true))
        #expect(self.renderer.verdict(for: self.snapshot(self.result(yaw: -10))) == .offCentre(targetIsRight: false))
        #expect(self.renderer.verdict(for: self.snapshot(self.result(yaw: .nan))) == .noTarget)
        #expect(OverlayRenderer(configuration: .init(enabled: false)).verdict(for: nil) == .disabled)
    }

    @Test func driverModeResultsShowOnlyTheDriverModeBanner() throws {
        var driver = self.result(found: false, yaw: 0)
        driver.pipeline = .driver
        #expect(self.renderer.verdict(for: self.snapshot(driver)) == .driverMode)
        #expect(self.renderer.verdict(for: self.snapshot(driver, age: 2.3)) == .stale(ageSeconds: 2.3))
        let camera = try TestCamera(width: 640, height: 480)
        try camera.render()
        #expect(try self.renderer.draw(on: camera.frame, snapshot: self.snapshot(driver)) == .driverMode)
        // No crosshair: the image centre (the banner is a quarter down) stays the camera's image.
        let plain = try TestCamera(width: 640, height: 480)
        try plain.render()
        #expect(self.pixel(camera.frame, 320, 240) == self.pixel(plain.frame, 320, 240))
        let crosshair = try TestCamera(width: 640, height: 480)
        try crosshair.render()
        try self.renderer.draw(on: crosshair.frame, snapshot: self.snapshot(self.result(found: false, yaw: 0)))
        #expect(self.pixel(crosshair.frame, 320, 240) != self.pixel(plain.frame, 320, 240), "the check can fail")
    }

    @Test func centredTargetGetsAGreenBorder() throws {
        let frame = try self.blankFrame()
        try self.renderer.draw(on: frame, snapshot: self.snapshot(self.result(yaw: 0.5)))
        let corner = self.pixel(frame, 3, 240)
        #expect(corner.g > 200 && corner.r < 60 && corner.b < 60)
        // Outline corners drawn at the scaled position (x2 from the 320x240 targeting image).
        let cornerDot = self.pixel(frame, 280, 200)
        #expect(cornerDot.r > 200 && cornerDot.g > 200 && cornerDot.b < 60)
    }

    @Test func offCentreTargetGetsRedBorderAndArrowTowardIt() throws {
        let right = try self.blankFrame()
        try self.renderer.draw(on: right, snapshot: self.snapshot(self.result(yaw: 12)))
        let border = self.pixel(right, 3, 240)
        #expect(border.r > 200 && border.g < 60 && border.b < 60)
        // Arrow along y = 0.8 h; its head is at the side the target is on.
        let isBlue = { (p: (b: UInt8, g: UInt8, r: UInt8)) in p.b > 200 && p.g < 60 && p.r < 60 }
        let headRows = 370..<398
        func blueNear(_ frame: Frame, x: Range<Int>) -> Int {
            var n = 0
            for y in headRows { for px in x where isBlue(self.pixel(frame, px, y)) { n += 1 } }
            return n
        }
        let left = try self.blankFrame()
        try self.renderer.draw(on: left, snapshot: self.snapshot(self.result(yaw: -12)))
        #expect(blueNear(right, x: 380..<425) > blueNear(right, x: 211..<256))
        #expect(blueNear(left, x: 211..<256) > blueNear(left, x: 380..<425))
    }

    @Test func noDataAndStaleSayPlainlyAndGiveNoCue() throws {
        for snapshot in [nil, self.snapshot(self.result(yaw: 0), age: 2.3)] {
            let frame = try self.blankFrame()
            try self.renderer.draw(on: frame, snapshot: snapshot)
            let border = self.pixel(frame, 3, 240)
            #expect(border.r == 128 && border.g == 128 && border.b == 128, "no border without fresh data")
            let yellow = self.count(frame, where: { $0.r > 200 && $0.g > 200 && $0.b < 80 }, rows: 90..<140)
            #expect(yellow > 100, "banner text drawn")
        }
    }

    @Test func bannerTextDiffersBetweenNoDataAndStale() throws {
        let noData = try self.blankFrame()
        try self.renderer.draw(on: noData, snapshot: nil)
        let stale = try self.blankFrame()
        try self.renderer.draw(on: stale, snapshot: self.snapshot(self.result(yaw: 0), age: 2.3))
        let width = { (frame: Frame) -> Int in
            var minX = Int.max
            var maxX = 0
            for y in 90..<140 {
                for x in 0..<frame.width {
                    let p = self.pixel(frame, x, y)
                    if p.r > 200 && p.g > 200 && p.b < 80 {
                        minX = min(minX, x)
                        maxX = max(maxX, x)
                    }
                }
            }
            return maxX - minX
        }
        // "NO TARGETING DATA" is much longer than "STALE 2.3 s".
        #expect(width(noData) > width(stale) + 100)
    }

    @Test func everyTargetIsOutlinedAndTagsCarryTheirID() throws {
        // Three tags far apart, and the best one (first) centred; 320x240 targeting image on a 640x480 frame.
        let result = TargetingResult(
            captureTime: 1, pipeline: .apriltag, imageWidth: 320, imageHeight: 240,
            targets: [
                Target(id: 3, yawDegrees: 0, distanceMeters: 2, corners: Self.square(x: 140, y: 100)),
                Target(id: 7, yawDegrees: -20, distanceMeters: 3, corners: Self.square(x: 20, y: 150)),
                Target(id: 11, yawDegrees: 20, distanceMeters: 4, corners: Self.square(x: 260, y: 150)),
            ])
        let frame = try self.blankFrame()
        #expect(try self.renderer.draw(on: frame, snapshot: self.snapshot(result)) == .centred)
        let isDot = { (p: (b: UInt8, g: UInt8, r: UInt8)) in p.r > 200 && p.g > 200 && p.b < 60 }
        let isOutline = { (p: (b: UInt8, g: UInt8, r: UInt8)) in p.r > 200 && p.g < 60 && p.b > 200 }
        // Corner dots (scaled x2) of every tag, and an outline along each tag's bottom edge.
        for (x, y) in [(280, 200), (40, 300), (520, 300), (120, 380), (600, 380)] {
            #expect(isDot(self.pixel(frame, x, y)), "corner dot at \(x), \(y)")
        }
        for (x, y) in [(80, 380), (560, 380)] {
            #expect(isOutline(self.pixel(frame, x, y)) || isOutline(self.pixel(frame, x, y + 1)), "outline at \(x), \(y)")
        }
        // An id label (white text on a dark box) above each of the other tags.
        let white = { (p: (b: UInt8, g: UInt8, r: UInt8)) in p.r > 230 && p.g > 230 && p.b > 230 }
        var labelAboveLeftTag = 0
        var labelAboveRightTag = 0
        for y in 270..<300 {
            for x in 40..<110 where white(self.pixel(frame, x, y)) { labelAboveLeftTag += 1 }
            for x in 520..<590 where white(self.pixel(frame, x, y)) { labelAboveRightTag += 1 }
        }
        #expect(labelAboveLeftTag > 10 && labelAboveRightTag > 10)
    }

    @Test func theReflectivePairIsDrawnAsTwoTapes() throws {
        let result = TargetingResult(
            captureTime: 1, pipeline: .reflective2019, imageWidth: 640, imageHeight: 480,
            targets: [Target(yawDegrees: 8, distanceMeters: 1, corners: Self.square(x: 200, y: 200) + Self.square(x: 400, y: 200))])
        let frame = try self.blankFrame()
        #expect(try self.renderer.draw(on: frame, snapshot: self.snapshot(result)) == .offCentre(targetIsRight: true))
        let isOutline = { (p: (b: UInt8, g: UInt8, r: UInt8)) in p.r > 200 && p.g < 60 && p.b > 200 }
        // Each tape's own edges are outlined...
        for (x, y) in [(220, 200), (200, 220), (420, 240), (440, 220)] {
            #expect(isOutline(self.pixel(frame, x, y)), "tape edge at \(x), \(y)")
        }
        #expect(!isOutline(self.pixel(frame, 220, 220)), "inside the left tape")
        // ...and no line joins them (one polygon of eight corners would cross x = 320 near y = 216).
        #expect((190..<250).allSatisfy { !isOutline(self.pixel(frame, 320, $0)) })
    }

    @Test func hostileCornersAreSkippedNotTrapped() throws {
        let result = TargetingResult(
            captureTime: 1, pipeline: .apriltag, imageWidth: 1, imageHeight: 1,
            targets: [
                Target(id: 1, yawDegrees: 0, corners: [ImagePoint(x: .nan, y: 1), ImagePoint(x: .infinity, y: 2)]),
                Target(id: 2, yawDegrees: .nan, distanceMeters: .infinity, corners: Self.square(x: 1e30, y: -1e30)),
                Target(id: .max, corners: [ImagePoint(x: Float.greatestFiniteMagnitude, y: 0)]),
            ])
        let frame = try self.blankFrame()
        #expect(try self.renderer.draw(on: frame, snapshot: self.snapshot(result)) == .centred)
    }

    /// Renders the documentation's sample images and checks each shows what its case promises.
    @Test func writesSampleImages() throws {
        let directory = "/tmp/streaming-overlay-samples"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let cases: [(String, TargetingSnapshot?, OverlayRenderer.Verdict)] = [
            ("centred", self.snapshot(self.result(yaw: 1), age: 0.04), .centred),
            ("off", self.snapshot(self.result(yaw: -9), age: 0.04), .offCentre(targetIsRight: false)),
            ("nodata", nil, .noData),
            ("stale", self.snapshot(self.result(yaw: 0), age: 2.3), .stale(ageSeconds: 2.3)),
        ]
        for (name, snapshot, expected) in cases {
            for (width, height) in [(640, 480), (160, 120)] {
                let camera = try TestCamera(width: width, height: height)
                try camera.render()
                #expect(try self.renderer.draw(on: camera.frame, snapshot: snapshot) == expected)
                let path = "\(directory)/\(name)\(width == 160 ? "-160" : "").png"
                try camera.frame.save(path)
                // The saved image reads back with the cue of its case on the left border.
                let saved = try Frame(contentsOf: path)
                #expect(saved.width == width && saved.height == height)
                let border = self.pixel(saved, 1, height * 3 / 4)
                switch expected {
                case .centred: #expect(border.g > 200 && border.r < 60 && border.b < 60, "\(name): green border")
                case .offCentre: #expect(border.r > 200 && border.g < 60 && border.b < 60, "\(name): red border")
                default:
                    let isRed = border.r > 200 && border.g < 60 && border.b < 60
                    let isGreen = border.g > 200 && border.r < 60 && border.b < 60
                    #expect(!isRed && !isGreen, "\(name): no cue")
                }
            }
        }
    }
}

/// The field pose line: text, placement, and no line without a pose or with hostile values.
@Suite struct OverlayFieldPoseTests {
    let base = OverlayRendererTests()

    static func pose(x: Float, y: Float, headingDegrees: Double) -> FieldPose {
        FieldPose(
            fieldToCamera: Transform3D(x: x, y: y, z: 0.5),
            fieldToRobot: Transform3D(
                x: Double(x), y: Double(y), z: 0, rollDegrees: 0, pitchDegrees: 0, yawDegrees: headingDegrees),
            reprojectionErrorPixels: 0.4, isMultiTag: true, tagIDs: [3, 4])
    }

    @Test func textGivesXYAndHeading() {
        #expect(OverlayRenderer.fieldPoseText(Self.pose(x: 3.254, y: 2.5, headingDegrees: 30)) == "x 3.25 m  y 2.50 m  heading 30.0 deg")
        #expect(OverlayRenderer.fieldPoseText(Self.pose(x: 12.1, y: -0.25, headingDegrees: -135)) == "x 12.10 m  y -0.25 m  heading -135.0 deg")
    }

    @Test func hostileValuesGiveNoLine() {
        #expect(OverlayRenderer.fieldPoseText(Self.pose(x: .nan, y: 1, headingDegrees: 0)) == nil)
        #expect(OverlayRenderer.fieldPoseText(Self.pose(x: 1e30, y: 1, headingDegrees: 0)) == nil)
        var bad = Self.pose(x: 1, y: 1, headingDegrees: 0)
        bad.fieldToRobot.qw = .infinity
        #expect(OverlayRenderer.fieldPoseText(bad) == nil)
    }

    /// The line is drawn at the bottom left only when the result has a field pose.
    @Test func lineIsDrawnAtBottomLeftWithAPose() throws {
        var result = self.base.result(yaw: 0.5)
        let without = try self.base.blankFrame()
        try self.base.renderer.draw(on: without, snapshot: self.base.snapshot(result))
        result.fieldPose = Self.pose(x: 3.25, y: 2.5, headingDegrees: 30)
        let with = try self.base.blankFrame()
        try self.base.renderer.draw(on: with, snapshot: self.base.snapshot(result))
        let white = { (p: (b: UInt8, g: UInt8, r: UInt8)) in p.r > 220 && p.g > 220 && p.b > 220 }
        func whiteBottomLeft(_ frame: Frame) -> Int {
            var n = 0
            for y in 420..<470 { for x in stride(from: 0, to: 320, by: 2) where white(self.base.pixel(frame, x, y)) { n += 1 } }
            return n
        }
        #expect(whiteBottomLeft(without) == 0)
        #expect(whiteBottomLeft(with) > 50, "\(whiteBottomLeft(with)) white pixels")
    }
}
