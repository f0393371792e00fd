public import Vision
import WireFormat

/// Draws the driver overlay from the newest targeting result (a ``TargetingSnapshot``) onto a camera frame.
///
/// - Always: a crosshair at the image centre (unless disabled) and the data's age.
/// - No result (targeting down or not started): a plain "NO TARGETING DATA" banner.
/// - Stale result (as ``LatestTargeting`` judged it): a "STALE 2.3 s" banner and no steering cue, since an old cue
///   would mislead the driver.
/// - Fresh result with targets: every target's outline and corners (tags with their id); for the best target its
///   distance and angles and the 2019 seed's cues: a green border when centred; a red border and a blue arrow
///   toward the target when not; with a field pose, a line "x 3.25 m  y 2.50 m  heading 30.0 deg" (the robot on
///   the field) at the bottom left.
/// - Fresh result without a target: "NO TARGET".
/// - Driver mode (a result of pipeline ``WireFormat/PipelineKind/driver``, robot code's PhotonLib request): only a
///   "DRIVER MODE" banner, on the raw image.
public struct OverlayRenderer: Sendable {
    /// What the overlay showed, for tests and logs.
    public enum Verdict: Hashable, Sendable {
        case disabled
        case noData
        case stale(ageSeconds: Double)
        case noTarget
        case driverMode
        case centred
        case offCentre(targetIsRight: Bool)
    }

    /// The overlay's settings.
    public var configuration: OverlayConfiguration

    /// Creates a renderer.
    public init(configuration: OverlayConfiguration = .init()) {
        self.configuration = configuration
    }

    /// Decides what the overlay shows, without drawing.
    public func verdict(for snapshot: TargetingSnapshot?) -> Verdict {
        guard self.configuration.enabled else { return .disabled }
        guard let snapshot else { return .noData }
        guard !snapshot.isStale else { return .stale(ageSeconds: snapshot.ageSeconds) }
        guard snapshot.result.pipeline != .driver else { return .driverMode }
        guard let best = snapshot.result.bestTarget else { return .noTarget }
        // A non-finite yaw (carried by the wire, never produced here) gives no cue rather than a wrong one.
        guard best.yawDegrees.isFinite else { return .noTarget }
        if abs(Double(best.yawDegrees)) <= self.configuration.centredToleranceDegrees { return .centred }
        return .offCentre(targetIsRight: best.yawDegrees > 0)
    }

    /// Draws the overlay for `snapshot` onto `frame` and returns what it showed.
    /// - Throws: ``Vision/VisionError`` if OpenCV fails to draw.
    @discardableResult
    public func draw(on frame: Frame, snapshot: TargetingSnapshot?) throws(VisionError) -> Verdict {
        let verdict = self.verdict(for: snapshot)
        guard verdict != .disabled, !frame.isEmpty else { return verdict }
        let width = Double(frame.width)
        let height = Double(frame.height)
        let unit = max(1.0, width / 320)  // line widths and text grow with the image
        let border = max(4, Int(width / 32))
        let textScale = max(0.35, width / 900)
        let thickness = max(1, Int(unit.rounded()))

        switch verdict {
        case .disabled:
            return verdict
        case .driverMode:
            try self.banner("DRIVER MODE", on: frame, color: .white, scale: textScale * 1.4, thickness: thickness)
            return verdict
        case .noData:
            try self.banner("NO TARGETING DATA", on: frame, color: .yellow, scale: textScale * 1.4, thickness: thickness)
        case .stale(let age):
            try self.banner(
                "STALE \(formatDecimal(age, digits: 1)) s", on: frame, color: .yellow, scale: textScale * 1.4,
                thickness: thickness)
        case .noTarget:
            try self.label("NO TARGET", at: ImagePoint(x: Float(8 * unit), y: Float(height - 8 * unit)), on: frame,
                scale: textScale, color: .white, thickness: thickness)
        case .centred, .offCentre:
            guard let result = snapshot?.result, let best = result.bestTarget else { break }
            try self.drawTargets(result, on: frame, unit: unit, textScale: textScale, thickness: thickness)
            let borderColor: Color = verdict == .centred ? .green : .red
            try frame.drawRectangle(
                x: Double(border) / 2, y: Double(border) / 2, width: width - Double(border),
                height: height - Double(border), color: borderColor, thickness: border)
            if case .offCentre(let targetIsRight) = verdict {
                let left = ImagePoint(x: Float(width * 0.33), y: Float(height * 0.8))
                let right = ImagePoint(x: Float(width * 0.66), y: Float(height * 0.8))
                try frame.drawArrow(
                    from: targetIsRight ? left : right, to: targetIsRight ? right : left, color: .blue,
                    thickness: max(2, border / 2), tipLength: 0.3)
            }
            // Drop the least important parts until the line fits (small camera images, such as the seed's 160x120).
            var parts = [
                "\(formatDecimal(Double(best.distanceMeters), digits: 2)) m",
                "yaw \(self.signed(best.yawDegrees)) deg",
                "pitch \(self.signed(best.pitchDegrees)) deg",
            ]
            if result.targets.count > 1 { parts.append("\(result.targets.count) targets") }
            let room = width - 2 * Double(border) - 8 * unit
            var text = parts.joined(separator: "  ")
            while parts.count > 2, Double(try Frame.textSize(text, scale: textScale, thickness: thickness).width) > room {
                parts.removeLast()
                text = parts.joined(separator: "  ")
            }
            let scale = try self.fittingScale(text, scale: textScale, thickness: thickness, width: room)
            try self.label(text, at: ImagePoint(x: Float(Double(border) + 4 * unit), y: Float(Double(border) + 16 * unit)),
                on: frame, scale: scale, color: .white, thickness: thickness)
            if let pose = result.fieldPose, let line = Self.fieldPoseText(pose) {
                let poseScale = try self.fittingScale(line, scale: textScale, thickness: thickness, width: width * 0.6)
                try self.label(
                    line, at: ImagePoint(x: Float(Double(border) + 4 * unit), y: Float(height - Double(border) - 6 * unit)),
                    on: frame, scale: poseScale, color: .white, thickness: thickness)
            }
        }
        if self.configuration.showCrosshair {
            let cx = Float(width / 2)
            let cy = Float(height / 2)
            let arm = Float(max(6, width / 20))
            try frame.drawLine(from: ImagePoint(x: cx - arm, y: cy), to: ImagePoint(x: cx + arm, y: cy), color: .cyan, thickness: thickness)
            try frame.drawLine(from: ImagePoint(x: cx, y: cy - arm), to: ImagePoint(x: cx, y: cy + arm), color: .cyan, thickness: thickness)
        }
        if let snapshot {
            let ageText = "age \(formatDecimal(snapshot.ageSeconds, digits: 2)) s"
            let size = try Frame.textSize(ageText, scale: textScale, thickness: thickness)
            try self.label(
                ageText,
                at: ImagePoint(x: Float(width - Double(size.width) - Double(border) - 4 * unit), y: Float(height - Double(border) - 6 * unit)),
                on: frame, scale: textScale, color: .white, thickness: thickness)
        }
        return verdict
    }

    /// The robot's place on the field as one short line: x and y in metres, heading in degrees (the field-to-robot
    /// yaw, counter-clockwise from the field's X axis); `nil` when a value is not finite or beyond any field (the
    /// wire carries any float, and formatting converts to `Int`).
    static func fieldPoseText(_ pose: FieldPose) -> String? {
        let robot = pose.fieldToRobot
        let heading = robot.yawDegrees
        guard abs(robot.x) <= 1_000, abs(robot.y) <= 1_000, heading.isFinite else { return nil }
        return "x \(formatDecimal(Double(robot.x), digits: 2)) m  y \(formatDecimal(Double(robot.y), digits: 2)) m  "
            + "heading \(formatDecimal(heading, digits: 1)) deg"
    }

    /// Corners beyond this many pixels from the origin are not drawn.
    static let maxDrawableCoordinate: Float = 100_000

    /// Outlines every target: a 2019 pair's eight corners as two tapes, a tag's four with its id beside them.
    private func drawTargets(
        _ result: TargetingResult, on frame: Frame, unit: Double, textScale: Double, thickness: Int
    ) throws(VisionError) {
        // Corners are in the targeting image's pixels; scale them if the streamed camera frame differs.
        let sx = result.imageWidth > 0 ? Float(frame.width) / Float(result.imageWidth) : 1
        let sy = result.imageHeight > 0 ? Float(frame.height) / Float(result.imageHeight) : 1
        for target in result.targets {
            var corners: [ImagePoint] = []
            target.forEachCorner { corner in
                // Corners far outside any image, or not finite (never produced here, but the wire carries any float),
                // are not drawn: OpenCV's integer coordinates cannot hold them.
                let point = ImagePoint(x: corner.x * sx, y: corner.y * sy)
                if abs(point.x) <= Self.maxDrawableCoordinate, abs(point.y) <= Self.maxDrawableCoordinate {
                    corners.append(point)
                }
            }
            guard corners.count == target.cornerCount, !corners.isEmpty else { continue }
            var start = 0
            while start < corners.count {
                let end = corners.count == 8 ? start + 4 : corners.count
                // A dark under-stroke keeps the outline visible on any background.
                try frame.drawPolyline(Array(corners[start..<end]), closed: true, color: .black, thickness: thickness + 3)
                try frame.drawPolyline(Array(corners[start..<end]), closed: true, color: .magenta, thickness: thickness + 1)
                start = end
            }
            for corner in corners {
                try frame.drawCircle(center: corner, radius: 3 * unit, color: .yellow, filled: true)
            }
            if target.id >= 0 {
                let top = corners.min { $0.y < $1.y } ?? corners[0]
                let left = corners.map(\.x).min() ?? top.x
                try self.label(
                    "id \(target.id)", at: ImagePoint(x: left, y: max(Float(12 * unit), top.y - Float(6 * unit))),
                    on: frame, scale: textScale, color: .white, thickness: thickness)
            }
        }
    }

    /// `scale`, or smaller so that `text` is at most `width` pixels wide (not below 0.25).
    private func fittingScale(_ text: String, scale: Double, thickness: Int, width: Double) throws(VisionError) -> Double {
        var scale = scale
        while scale > 0.25, Double(try Frame.textSize(text, scale: scale, thickness: thickness).width) > width {
            scale *= 0.9
        }
        return scale
    }

    private func banner(_ text: String, on frame: Frame, color: Color, scale: Double, thickness: Int) throws(VisionError) {
        let scale = try self.fittingScale(text, scale: scale, thickness: thickness + 1, width: Double(frame.width) - 24)
        let size = try Frame.textSize(text, scale: scale, thickness: thickness + 1)
        let x = (frame.width - size.width) / 2
        let y = frame.height / 4 + size.height / 2
        try frame.fillRectangle(
            x: Double(x - 8), y: Double(y - size.height - 8), width: Double(size.width + 16),
            height: Double(size.height + size.baseline + 16), color: .black, opacity: 0.7)
        try frame.drawText(text, at: ImagePoint(x: Float(x), y: Float(y)), scale: scale, color: color, thickness: thickness + 1)
    }

    private func label(_ text: String, at origin: ImagePoint, on frame: Frame, scale: Double, color: Color, thickness: Int)
        throws(VisionError)
    {
        let size = try Frame.textSize(text, scale: scale, thickness: thickness)
        try frame.fillRectangle(
            x: Double(origin.x) - 3, y: Double(origin.y) - Double(size.height) - 3, width: Double(size.width + 6),
            height: Double(size.height + size.baseline + 6), color: .black, opacity: 0.5)
        try frame.drawText(text, at: origin, scale: scale, color: color, thickness: thickness)
    }

    private func signed(_ value: Float) -> String {
        (value >= 0 ? "+" : "") + formatDecimal(Double(value), digits: 1)
    }
}
