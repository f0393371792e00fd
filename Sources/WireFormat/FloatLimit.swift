/// The largest magnitude each kind of float may have in a frame. A decoder rejects a frame whose float is NaN,
/// infinite or beyond its limit (``WireFormatError/outOfRange(field:value:limit:)``): no producer of this project
/// sends one (none uses NaN as "unknown": unknown is 0 or -1 as documented per field), and a consumer's arithmetic
/// and formatting can then trust every value it is handed.
///
/// One comparison of the magnitude checks all three at once (`abs(NaN) <= limit` is false).
enum FloatLimit {
    /// Yaw, pitch and skew, degrees.
    static let angleDegrees: Float = 360
    /// Area, percent of the image (100 at most in practice; contour fits may overshoot a little).
    static let areaPercent: Float = 1_000
    /// Distances and translations, metres (a field is 17 m long).
    static let meters: Float = 10_000
    /// Image coordinates and offsets, pixels.
    static let pixels: Float = 1_000_000
    /// Reprojection errors (pixels), ambiguities and decision margins.
    static let score: Float = 1_000_000
    /// A quaternion's components; its squared norm must also be within ``quaternionNormTolerance`` of 1.
    static let quaternionComponent: Float = 1.01
    /// How far a rotation quaternion's squared norm may be from 1 (Float rounding of a unit quaternion is ~1e-7).
    static let quaternionNormTolerance: Float = 0.02
}
