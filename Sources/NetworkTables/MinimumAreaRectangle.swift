import WireFormat

/// The smallest-area rectangle, at any rotation, that encloses a set of image points (what OpenCV's
/// `minAreaRect` finds; PhotonVision publishes its corners as a target's `minAreaRectCorners`).
///
/// Found by rotating calipers: one side of the optimal rectangle lies on an edge of the points' convex hull,
/// so each hull edge's direction is tried.
enum MinimumAreaRectangle {
    /// The rectangle's four corners in order around it, or none when `points` has no finite point. Non-finite
    /// points are ignored; a single point (or collinear points) gives a degenerate rectangle.
    static func corners(of points: [ImagePoint]) -> [ImagePoint] {
        let finite = points.map { (x: Double($0.x), y: Double($0.y)) }.filter { $0.x.isFinite && $0.y.isFinite }
        guard !finite.isEmpty else { return [] }
        let hull = Self.convexHull(finite)
        var best: (area: Double, ux: Double, uy: Double, minU: Double, maxU: Double, minV: Double, maxV: Double)?
        var directions: [(Double, Double)] = hull.indices.compactMap { index in
            let (a, b) = (hull[index], hull[(index + 1) % hull.count])
            let (dx, dy) = (b.x - a.x, b.y - a.y)
            let length = (dx * dx + dy * dy).squareRoot()
            return length > 0 ? (dx / length, dy / length) : nil
        }
        // Without two distinct points the axis-aligned direction is as good as any.
        if directions.isEmpty { directions = [(1, 0)] }
        for (ux, uy) in directions {
            // u along the edge, v perpendicular to it.
            let us = hull.map { $0.x * ux + $0.y * uy }
            let vs = hull.map { -$0.x * uy + $0.y * ux }
            let (minU, maxU, minV, maxV) = (us.min()!, us.max()!, vs.min()!, vs.max()!)
            let area = (maxU - minU) * (maxV - minV)
            if best == nil || area < best!.area {
                best = (area, ux, uy, minU, maxU, minV, maxV)
            }
        }
        guard let rect = best else { return [] }
        func point(_ u: Double, _ v: Double) -> ImagePoint {
            ImagePoint(x: Float(u * rect.ux - v * rect.uy), y: Float(u * rect.uy + v * rect.ux))
        }
        return [
            point(rect.minU, rect.minV), point(rect.maxU, rect.minV),
            point(rect.maxU, rect.maxV), point(rect.minU, rect.maxV),
        ]
    }

    /// Andrew's monotone chain: the hull's vertices counter-clockwise, without collinear points.
    private static func convexHull(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        let sorted = points.sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
        guard sorted.count > 2 else { return sorted }
        func cross(_ o: (x: Double, y: Double), _ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        var lower: [(x: Double, y: Double)] = []
        for p in sorted {
            while lower.count >= 2, cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        var upper: [(x: Double, y: Double)] = []
        for p in sorted.reversed() {
            while upper.count >= 2, cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }
}
