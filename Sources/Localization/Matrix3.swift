/// A 3x3 matrix of doubles, row major (rotation arithmetic only).
struct Matrix3: Sendable {
    private var m: (Double, Double, Double, Double, Double, Double, Double, Double, Double)

    init(
        _ a: Double, _ b: Double, _ c: Double, _ d: Double, _ e: Double, _ f: Double, _ g: Double, _ h: Double,
        _ i: Double
    ) {
        self.m = (a, b, c, d, e, f, g, h, i)
    }

    subscript(row: Int, column: Int) -> Double {
        withUnsafeBytes(of: self.m) { $0.load(fromByteOffset: (row * 3 + column) * 8, as: Double.self) }
    }

    var transposed: Matrix3 {
        Matrix3(
            self[0, 0], self[1, 0], self[2, 0], self[0, 1], self[1, 1], self[2, 1], self[0, 2], self[1, 2], self[2, 2]
        )
    }

    static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        func cell(_ r: Int, _ c: Int) -> Double { a[r, 0] * b[0, c] + a[r, 1] * b[1, c] + a[r, 2] * b[2, c] }
        return Matrix3(
            cell(0, 0), cell(0, 1), cell(0, 2), cell(1, 0), cell(1, 1), cell(1, 2), cell(2, 0), cell(2, 1), cell(2, 2)
        )
    }

    static func * (a: Matrix3, v: Translation3) -> Translation3 {
        Translation3(
            x: a[0, 0] * v.x + a[0, 1] * v.y + a[0, 2] * v.z,
            y: a[1, 0] * v.x + a[1, 1] * v.y + a[1, 2] * v.z,
            z: a[2, 0] * v.x + a[2, 1] * v.y + a[2, 2] * v.z
        )
    }
}
