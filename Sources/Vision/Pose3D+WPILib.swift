import Foundation
public import WireFormat

extension Pose3D {
    /// The 3x3 rotation matrix of the Rodrigues vector, row-major.
    var rotationMatrix: [Double] {
        let theta = (self.rotationX * self.rotationX + self.rotationY * self.rotationY + self.rotationZ * self.rotationZ)
            .squareRoot()
        guard theta > 1e-12 else { return [1, 0, 0, 0, 1, 0, 0, 0, 1] }
        let (kx, ky, kz) = (self.rotationX / theta, self.rotationY / theta, self.rotationZ / theta)
        let c = cos(theta)
        let s = sin(theta)
        let t = 1 - c
        return [
            c + kx * kx * t, kx * ky * t - kz * s, kx * kz * t + ky * s,
            ky * kx * t + kz * s, c + ky * ky * t, ky * kz * t - kx * s,
            kz * kx * t - ky * s, kz * ky * t + kx * s, c + kz * kz * t,
        ]
    }

    /// Rotation of the object about the camera's vertical axis, degrees (positive: its left edge is farther).
    var skewDegrees: Double {
        let r = self.rotationMatrix
        return atan2(r[2], r[8]) * 180 / .pi
    }

    /// This pose of an AprilTag (OpenCV camera frame, the tag model's frame x right, y down, z into the tag) as
    /// WPILib's camera-to-tag transform: camera X forward, Y left, Z up; tag X out of its face, Y to the viewer's
    /// right, Z up. A tag facing the camera squarely is turned 180 degrees about Z.
    public var cameraToTag: Transform3D {
        // R = C * R_cv * D, where C maps OpenCV camera axes to WPILib's and D maps the WPILib tag axes to the model's.
        let r = self.rotationMatrix
        let cr = [r[6], r[7], r[8], -r[0], -r[1], -r[2], -r[3], -r[4], -r[5]]  // C * R_cv
        let m = [-cr[2], cr[0], -cr[1], -cr[5], cr[3], -cr[4], -cr[8], cr[6], -cr[7]]  // (C * R_cv) * D
        let q = Self.quaternion(m)
        return Transform3D(
            x: Float(self.z), y: Float(-self.x), z: Float(-self.y), qw: Float(q.w), qx: Float(q.x), qy: Float(q.y),
            qz: Float(q.z)
        )
    }

    /// The unit quaternion of a row-major rotation matrix (Shepperd's method), with w >= 0.
    static func quaternion(_ m: [Double]) -> (w: Double, x: Double, y: Double, z: Double) {
        let trace = m[0] + m[4] + m[8]
        var q: (w: Double, x: Double, y: Double, z: Double)
        if trace > 0 {
            let s = (trace + 1).squareRoot() * 2
            q = (0.25 * s, (m[7] - m[5]) / s, (m[2] - m[6]) / s, (m[3] - m[1]) / s)
        } else if m[0] > m[4] && m[0] > m[8] {
            let s = (1 + m[0] - m[4] - m[8]).squareRoot() * 2
            q = ((m[7] - m[5]) / s, 0.25 * s, (m[1] + m[3]) / s, (m[2] + m[6]) / s)
        } else if m[4] > m[8] {
            let s = (1 + m[4] - m[0] - m[8]).squareRoot() * 2
            q = ((m[2] - m[6]) / s, (m[1] + m[3]) / s, 0.25 * s, (m[5] + m[7]) / s)
        } else {
            let s = (1 + m[8] - m[0] - m[4]).squareRoot() * 2
            q = ((m[3] - m[1]) / s, (m[2] + m[6]) / s, (m[5] + m[7]) / s, 0.25 * s)
        }
        return q.w < 0 ? (-q.w, -q.x, -q.y, -q.z) : q
    }
}
