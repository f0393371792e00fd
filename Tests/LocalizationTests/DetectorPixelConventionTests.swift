import Foundation
import Localization
import Testing
import Vision
import WireFormat

/// Where the AprilTag library puts pixel centres, measured: a 36h11 tag is rendered with exact-area pixels (8 x 8
/// box supersampling) whose black-square corners sit at known sub-pixel positions in OpenCV's convention (the
/// centre of pixel (i, j) at (i, j), as the camera matrix, `solvePnP` and `projectPoints` assume), then detected
/// with `AprilTagPipeline`. The corners it reports, less `FieldPoseEstimator.detectorPixelOffset`, must be the true
/// ones: this is the test that fails if the estimator's shift is dropped or doubled.
@Suite struct DetectorPixelConventionTests {
    /// Tag 0 of 36h11, black square only (`#` black), rows top to bottom, as WPILib's detector decodes it.
    static let tag0 = [
        "########", "#..#.#.#", "##...#.#", "##..####", "#.#.####", "##.#..##", "####.###", "########",
    ].map { $0.map { $0 == "#" } }
    /// White cells around the black square.
    static let quietCells = 2
    static let subsamples = 8

    /// A homography from tag cells (u, v: 0...12 with the quiet zone, black square 2...10) to OpenCV pixels.
    struct Placement {
        let centre: (x: Double, y: Double)
        /// Perspective terms of the homography's last row.
        let tilt: (u: Double, v: Double)
        /// Cell size in pixels times the cosine and the sine of the rotation.
        let c: Double
        let s: Double

        init(cellPixels: Double, angle: Double, centre: (x: Double, y: Double), tilt: (u: Double, v: Double)) {
            self.centre = centre
            self.tilt = tilt
            self.c = cos(angle) * cellPixels
            self.s = sin(angle) * cellPixels
        }

        func pixel(u: Double, v: Double) -> (x: Double, y: Double) {
            let (a, b) = (u - 6, v - 6)
            let w = 1 + self.tilt.u * a + self.tilt.v * b
            let (c, s) = (self.c, self.s)
            return (self.centre.x + (c * a - s * b) / w, self.centre.y + (s * a + c * b) / w)
        }

        func cell(x: Double, y: Double) -> (u: Double, v: Double) {
            // Inverse of `pixel`: solve the 2x2 system (c - tu dx) a + (-s - tv dx) b = dx, likewise for y.
            let (dx, dy) = (x - self.centre.x, y - self.centre.y)
            let (c, s) = (self.c, self.s)
            let (m00, m01) = (c - self.tilt.u * dx, -s - self.tilt.v * dx)
            let (m10, m11) = (s - self.tilt.u * dy, c - self.tilt.v * dy)
            let det = m00 * m11 - m01 * m10
            return ((dx * m11 - m01 * dy) / det + 6, (m00 * dy - m10 * dx) / det + 6)
        }

        var corners: [(x: Double, y: Double)] {
            let (lo, hi) = (Double(quietCells), Double(quietCells + 8))
            return [
                self.pixel(u: lo, v: lo), self.pixel(u: hi, v: lo), self.pixel(u: hi, v: hi), self.pixel(u: lo, v: hi),
            ]
        }
    }

    @Test func detectorCornersSitHalfAPixelFromOpenCVs() throws {
        let pipeline = try AprilTagPipeline(configuration: AprilTagConfiguration())
        let frame = try Frame(width: 160, height: 160)
        var offsets: [(x: Double, y: Double)] = []
        for angle in [0.2, 0.45, -0.35, 0.7] {
            for phase in [(0.0, 0.25), (0.5, 0.75), (0.37, 0.12), (0.81, 0.6)] {
                let placement = Placement(
                    cellPixels: 7.3, angle: angle, centre: (79 + phase.0, 80 + phase.1), tilt: (0.01, -0.008)
                )
                Self.render(placement, into: frame)
                let detections = try pipeline.detect(frame)
                try #require(detections.map(\.id) == [0], "angle \(angle), phase \(phase): tag 0 found once")
                for corner in detections[0].corners {
                    let truth = placement.corners.min {
                        hypot($0.x - Double(corner.x), $0.y - Double(corner.y))
                            < hypot($1.x - Double(corner.x), $1.y - Double(corner.y))
                    }!
                    offsets.append((Double(corner.x) - truth.x, Double(corner.y) - truth.y))
                }
            }
        }
        let mean = (
            x: offsets.map(\.x).reduce(0, +) / Double(offsets.count),
            y: offsets.map(\.y).reduce(0, +) / Double(offsets.count)
        )
        print("detector corner - true corner (OpenCV convention), mean of \(offsets.count): "
            + "x \(mean.x.formatted(.number.precision(.fractionLength(3)))), "
            + "y \(mean.y.formatted(.number.precision(.fractionLength(3)))) px")
        #expect(abs(mean.x - FieldPoseEstimator.detectorPixelOffset) < 0.05)
        #expect(abs(mean.y - FieldPoseEstimator.detectorPixelOffset) < 0.05)
        #expect(offsets.allSatisfy { abs($0.x - mean.x) < 0.3 && abs($0.y - mean.y) < 0.3 })
    }

    /// Grey background, the tag in black (20) and white (235); each pixel the mean of its 8 x 8 sub-pixel samples.
    static func render(_ placement: Placement, into frame: Frame) {
        let (width, height, stride) = (frame.width, frame.height, frame.stride)
        let n = Self.subsamples
        // Only pixels near the tag need samples: the rest is background.
        let outline = [placement.pixel(u: 0, v: 0), placement.pixel(u: 12, v: 0), placement.pixel(u: 12, v: 12),
            placement.pixel(u: 0, v: 12)]
        let xs = Int(outline.map(\.x).min()!) - 2...Int(outline.map(\.x).max()!) + 2
        let ys = Int(outline.map(\.y).min()!) - 2...Int(outline.map(\.y).max()!) + 2
        frame.withUnsafeMutableBytes { bytes in
            for j in 0..<height {
                for i in 0..<width {
                    guard xs.contains(i), ys.contains(j) else {
                        for channel in 0..<3 { bytes[j * stride + 3 * i + channel] = 120 }
                        continue
                    }
                    var sum = 0
                    for sy in 0..<n {
                        for sx in 0..<n {
                            let x = Double(i) + (Double(sx) + 0.5) / Double(n) - 0.5
                            let y = Double(j) + (Double(sy) + 0.5) / Double(n) - 0.5
                            sum += Self.value(at: placement.cell(x: x, y: y))
                        }
                    }
                    let grey = UInt8((Double(sum) / Double(n * n)).rounded())
                    for channel in 0..<3 { bytes[j * stride + 3 * i + channel] = grey }
                }
            }
        }
    }

    static func value(at cell: (u: Double, v: Double)) -> Int {
        guard cell.u >= 0, cell.u < 12, cell.v >= 0, cell.v < 12 else { return 120 }
        let (column, row) = (Int(cell.u) - Self.quietCells, Int(cell.v) - Self.quietCells)
        guard (0..<8).contains(column), (0..<8).contains(row) else { return 235 }
        return Self.tag0[row][column] ? 20 : 235
    }
}
