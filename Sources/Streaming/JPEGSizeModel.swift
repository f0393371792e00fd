#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A rough model of JPEG size against quality and pixel count, used to predict other settings from one
/// measurement.
///
/// Shape only: the budget controller multiplies it by a per-stream factor learnt from measured frames, so only the
/// ratios between settings matter. The ratios come from OpenCV JPEGs of a real field image
/// (`shared/reference/frc_vision.md` §5.3): q30 ≈ 0.45 and q50 ≈ 0.6 of q80; 16× the pixels ≈ 7.3× the bytes
/// (bytes grow as pixels^0.71).
public enum JPEGSizeModel {
    /// (quality, size relative to quality 80), increasing in quality.
    static let qualityCurve: [(Double, Double)] = [
        (1, 0.15), (10, 0.25), (30, 0.45), (50, 0.6), (70, 0.8), (80, 1.0), (90, 1.45), (95, 2.0), (100, 3.2),
    ]
    /// Exponent of the pixel count.
    public static let pixelExponent = 0.71

    /// Size at `quality` relative to quality 80 (piecewise linear).
    public static func qualityFactor(_ quality: Int) -> Double {
        let q = Double(min(100, max(1, quality)))
        var previous = self.qualityCurve[0]
        for point in self.qualityCurve.dropFirst() {
            if q <= point.0 {
                let t = (q - previous.0) / (point.0 - previous.0)
                return previous.1 + t * (point.1 - previous.1)
            }
            previous = point
        }
        return previous.1
    }

    /// Relative size of a frame of `width`×`height` at `scale` and `quality` (arbitrary unit).
    public static func relativeSize(width: Int, height: Int, scale: Double, quality: Int) -> Double {
        let pixels = max(1, Double(width) * Double(height) * scale * scale)
        return self.qualityFactor(quality) * pow(pixels, self.pixelExponent)
    }

    /// Bytes per unit of ``relativeSize(width:height:scale:quality:)`` before any measurement: a 640×480 quality 80
    /// frame of a field scene is about 44.5 kB.
    public static let priorBytesPerUnit = 44_500 / pow(640.0 * 480.0, 0.71)
}
