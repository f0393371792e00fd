import Foundation
import Testing
import WireFormat

@testable import NetworkTables

/// The rotated minimum-area rectangle PhotonVision publishes as `minAreaRectCorners`.
struct MinimumAreaRectangleTests {
    static func area(_ corners: [ImagePoint]) -> Double {
        // Shoelace formula.
        let points = corners.map { (Double($0.x), Double($0.y)) }
        let twice = points.indices.reduce(0.0) { sum, i in
            let (a, b) = (points[i], points[(i + 1) % points.count])
            return sum + a.0 * b.1 - b.0 * a.1
        }
        return abs(twice) / 2
    }

    @Test func aRotatedSquareIsItsOwnRectangle() {
        // A 10 px square turned 30 degrees: its axis-aligned box would have area 186.6, the square 100.
        let (c, s) = (Float(cos(Double.pi / 6)), Float(sin(Double.pi / 6)))
        let square = [(0, 0), (10, 0), (10, 10), (0, 10)].map { (x: Float, y: Float) in
            ImagePoint(x: 50 + x * c - y * s, y: 40 + x * s + y * c)
        }
        let rect = MinimumAreaRectangle.corners(of: square)
        #expect(rect.count == 4)
        #expect(abs(Self.area(rect) - 100) < 1e-3)
        for corner in square {
            #expect(rect.contains { abs($0.x - corner.x) < 1e-3 && abs($0.y - corner.y) < 1e-3 })
        }
    }

    @Test func itEnclosesEveryPointOfAnIrregularQuadrilateral() {
        let points = [
            ImagePoint(x: 3, y: 1), ImagePoint(x: 20, y: 4), ImagePoint(x: 17, y: 19), ImagePoint(x: 1, y: 12),
        ]
        let rect = MinimumAreaRectangle.corners(of: points)
        let quadArea = Self.area(points)
        #expect(Self.area(rect) >= quadArea - 1e-3)
        #expect(Self.area(rect) <= 19 * 18 + 1e-3, "no larger than the axis-aligned box")
    }

    @Test func degenerateAndNonFiniteInputs() {
        #expect(MinimumAreaRectangle.corners(of: []).isEmpty)
        #expect(MinimumAreaRectangle.corners(of: [ImagePoint(x: .nan, y: 1)]).isEmpty)
        let single = MinimumAreaRectangle.corners(of: [ImagePoint(x: 2, y: 3), ImagePoint(x: .infinity, y: 0)])
        #expect(single == Array(repeating: ImagePoint(x: 2, y: 3), count: 4))
        let line = MinimumAreaRectangle.corners(of: [
            ImagePoint(x: 0, y: 0), ImagePoint(x: 4, y: 4), ImagePoint(x: 2, y: 2),
        ])
        #expect(line.count == 4 && Self.area(line) < 1e-6)
    }
}
