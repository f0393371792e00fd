import CVision
public import WireFormat

/// Drawing primitives for overlays (anti-aliased, sub-pixel coordinates). Negative thickness is not used:
/// filled shapes have their own functions.
extension Frame {
    /// Draws a line segment.
    public func drawLine(from start: ImagePoint, to end: ImagePoint, color: Color, thickness: Int = 1) throws(VisionError) {
        try VisionError.check(
            cvision_draw_line(
                self.handle, Double(start.x), Double(start.y), Double(end.x), Double(end.y), color.native,
                Int32(clamping: thickness)
            ),
            "drawing a line"
        )
    }

    /// Draws a rectangle outline with its top-left corner at (x, y).
    public func drawRectangle(x: Double, y: Double, width: Double, height: Double, color: Color, thickness: Int = 1)
        throws(VisionError)
    {
        try VisionError.check(
            cvision_draw_rectangle(self.handle, x, y, width, height, color.native, Int32(clamping: max(1, thickness))),
            "drawing a rectangle"
        )
    }

    /// Fills a rectangle; with `opacity` below 1 it is blended over the image (for text backgrounds).
    public func fillRectangle(x: Double, y: Double, width: Double, height: Double, color: Color, opacity: Double = 1)
        throws(VisionError)
    {
        if opacity >= 1 {
            try VisionError.check(
                cvision_draw_rectangle(self.handle, x, y, width, height, color.native, -1),
                "filling a rectangle"
            )
        } else {
            try VisionError.check(
                cvision_draw_blended_rectangle(
                    self.handle, Int32(clamping: Int(x.rounded())), Int32(clamping: Int(y.rounded())),
                    Int32(clamping: Int(width.rounded())), Int32(clamping: Int(height.rounded())), color.native,
                    opacity
                ),
                "blending a rectangle"
            )
        }
    }

    /// Draws a circle outline, or a disc when `filled`.
    public func drawCircle(center: ImagePoint, radius: Double, color: Color, thickness: Int = 1, filled: Bool = false)
        throws(VisionError)
    {
        try VisionError.check(
            cvision_draw_circle(
                self.handle, Double(center.x), Double(center.y), radius, color.native,
                filled ? -1 : Int32(clamping: max(1, thickness))
            ),
            "drawing a circle"
        )
    }

    /// Draws connected segments through `points`; `closed` joins the last point to the first.
    public func drawPolyline(_ points: [ImagePoint], closed: Bool, color: Color, thickness: Int = 1)
        throws(VisionError)
    {
        guard points.count >= 2 else { return }
        let status = points.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: Float.self) { xy in
                cvision_draw_polyline(
                    self.handle, xy.baseAddress!, Int32(points.count), closed ? 1 : 0, color.native,
                    Int32(clamping: max(1, thickness))
                )
            }
        }
        try VisionError.check(status, "drawing a polyline")
    }

    /// Fills the polygon through `points`.
    public func fillPolygon(_ points: [ImagePoint], color: Color) throws(VisionError) {
        guard points.count >= 3 else { return }
        let status = points.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: Float.self) { xy in
                cvision_draw_filled_polygon(self.handle, xy.baseAddress!, Int32(points.count), color.native)
            }
        }
        try VisionError.check(status, "filling a polygon")
    }

    /// Draws an arrow from `start` to `end`; `tipLength` is a fraction of the arrow's length.
    public func drawArrow(
        from start: ImagePoint,
        to end: ImagePoint,
        color: Color,
        thickness: Int = 1,
        tipLength: Double = 0.2
    ) throws(VisionError) {
        try VisionError.check(
            cvision_draw_arrow(
                self.handle, Double(start.x), Double(start.y), Double(end.x), Double(end.y), color.native,
                Int32(clamping: max(1, thickness)), tipLength
            ),
            "drawing an arrow"
        )
    }

    /// Draws `text` with its baseline starting at `origin` (Hershey simplex; `scale` 1 is about 22 px tall).
    public func drawText(_ text: String, at origin: ImagePoint, scale: Double = 0.5, color: Color, thickness: Int = 1)
        throws(VisionError)
    {
        try VisionError.check(
            cvision_draw_text(
                self.handle, text, Double(origin.x), Double(origin.y), scale, color.native,
                Int32(clamping: max(1, thickness))
            ),
            "drawing text"
        )
    }

    /// The pixel size of `text` as ``drawText(_:at:scale:color:thickness:)`` draws it (baseline: descent).
    public static func textSize(_ text: String, scale: Double = 0.5, thickness: Int = 1) throws(VisionError)
        -> (width: Int, height: Int, baseline: Int)
    {
        var width: Int32 = 0
        var height: Int32 = 0
        var baseline: Int32 = 0
        try VisionError.check(
            cvision_text_size(text, scale, Int32(clamping: max(1, thickness)), &width, &height, &baseline),
            "measuring text"
        )
        return (Int(width), Int(height), Int(baseline))
    }

    /// Turns the frame into a "camera lost" card: a dark grey frame with a red cross and `message` centred.
    /// Reshapes to `width` x `height` first (no allocation when the size is unchanged).
    public func renderCameraLost(width: Int, height: Int, message: String = "CAMERA LOST") throws(VisionError) {
        try self.reshape(width: width, height: height)
        try self.fill(.darkGray)
        let w = Float(width)
        let h = Float(height)
        let thickness = max(1, width / 160)
        try self.drawLine(from: ImagePoint(x: 0, y: 0), to: ImagePoint(x: w - 1, y: h - 1), color: .red, thickness: thickness)
        try self.drawLine(from: ImagePoint(x: w - 1, y: 0), to: ImagePoint(x: 0, y: h - 1), color: .red, thickness: thickness)
        let scale = max(0.3, Double(width) / 640.0)
        let size = try Frame.textSize(message, scale: scale, thickness: thickness)
        let x = (width - size.width) / 2
        let y = (height + size.height) / 2
        try self.fillRectangle(
            x: Double(x - 6), y: Double(y - size.height - 6), width: Double(size.width + 12),
            height: Double(size.height + size.baseline + 12), color: .black, opacity: 0.7
        )
        try self.drawText(message, at: ImagePoint(x: Float(x), y: Float(y)), scale: scale, color: .white, thickness: thickness)
    }
}
