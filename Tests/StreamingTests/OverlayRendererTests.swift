import Foundation
import Testing
import Vision
import WireFormat

@testable import Streaming

@Suite struct OverlayRendererTests {
    let renderer = OverlayRenderer()

    func result(found: Bool = true, yaw: Float) -> TargetingResult {
        TargetingResult(
            captureTime: 1, found: found, pipeline: .apriltag, targetID: 3, distanceMeters: 2.31, yawDegrees: yaw,
            pitchDegrees: -1.5, imageWidth: 320, imageHeight: 240,
            corners: [
                ImagePoint(x: 140, y: 100), ImagePoint(x: 180, y: 100), ImagePoint(x: 180, y: 140),
                ImagePoint(x: 140, y: 140),
            ])
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
        #expect(self.renderer.verdict(for: nil, ageSeconds: 0) == .noData)
        #expect(self.renderer.verdict(for: self.result(yaw: 0), ageSeconds: 2.3) == .stale(ageSeconds: 2.3))
        #expect(self.renderer.verdict(for: self.result(found: false, yaw: 0), ageSeconds: 0.1) == .noTarget)
        #expect(self.renderer.verdict(for: self.result(yaw: 1), ageSeconds: 0.1) == .centred)
        #expect(self.renderer.verdict(for: self.result(yaw: 10), ageSeconds: 0.1) == .offCentre(targetIsRight: true))
        #expect(self.renderer.verdict(for: self.result(yaw: -10), ageSeconds: 0.1) == .offCentre(targetIsRight: false))
        #expect(OverlayRenderer(configuration: .init(enabled: false)).verdict(for: nil, ageSeconds: 0) == .disabled)
    }

    @Test func centredTargetGetsAGreenBorder() throws {
        let frame = try self.blankFrame()
        try self.renderer.draw(on: frame, result: self.result(yaw: 0.5), ageSeconds: 0.05)
        let corner = self.pixel(frame, 3, 240)
        #expect(corner.g > 200 && corner.r < 60 && corner.b < 60)
        // Outline corners drawn at the scaled position (x2 from the 320x240 targeting image).
        let cornerDot = self.pixel(frame, 280, 200)
        #expect(cornerDot.r > 200 && cornerDot.g > 200 && cornerDot.b < 60)
    }

    @Test func offCentreTargetGetsRedBorderAndArrowTowardIt() throws {
        let right = try self.blankFrame()
        try self.renderer.draw(on: right, result: self.result(yaw: 12), ageSeconds: 0.05)
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
        try self.renderer.draw(on: left, result: self.result(yaw: -12), ageSeconds: 0.05)
        #expect(blueNear(right, x: 380..<425) > blueNear(right, x: 211..<256))
        #expect(blueNear(left, x: 211..<256) > blueNear(left, x: 380..<425))
    }

    @Test func noDataAndStaleSayPlainlyAndGiveNoCue() throws {
        for (result, age) in [(nil, 0.0), (self.result(yaw: 0), 2.3)] as [(TargetingResult?, Double)] {
            let frame = try self.blankFrame()
            try self.renderer.draw(on: frame, result: result, ageSeconds: age)
            let border = self.pixel(frame, 3, 240)
            #expect(border.r == 128 && border.g == 128 && border.b == 128, "no border without fresh data")
            let yellow = self.count(frame, where: { $0.r > 200 && $0.g > 200 && $0.b < 80 }, rows: 90..<140)
            #expect(yellow > 100, "banner text drawn")
        }
    }

    @Test func bannerTextDiffersBetweenNoDataAndStale() throws {
        let noData = try self.blankFrame()
        try self.renderer.draw(on: noData, result: nil, ageSeconds: 0)
        let stale = try self.blankFrame()
        try self.renderer.draw(on: stale, result: self.result(yaw: 0), ageSeconds: 2.3)
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

    @Test func writesSampleImages() throws {
        let directory = "/tmp/streaming-overlay-samples"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let cases: [(String, TargetingResult?, Double)] = [
            ("centred", self.result(yaw: 1), 0.04), ("off", self.result(yaw: -9), 0.04), ("nodata", nil, 0),
            ("stale", self.result(yaw: 0), 2.3),
        ]
        for (name, result, age) in cases {
            let camera = try TestCamera()
            try camera.render()
            try self.renderer.draw(on: camera.frame, result: result, ageSeconds: age)
            try camera.frame.save("\(directory)/\(name).png")
            let small = try TestCamera(width: 160, height: 120)
            try small.render()
            try self.renderer.draw(on: small.frame, result: result, ageSeconds: age)
            try small.frame.save("\(directory)/\(name)-160.png")
        }
    }
}

