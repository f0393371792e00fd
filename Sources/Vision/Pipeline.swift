public import WireFormat

/// A vision pipeline: one frame in, what it saw out.
///
/// Build one with ``PipelineConfiguration/makePipeline(calibration:)``. Pipelines reuse native buffers between
/// frames and are not thread-safe: create and use one on one (dedicated) thread.
public protocol Pipeline: AnyObject {
    /// Which pipeline this is.
    var kind: PipelineKind { get }

    /// Processes `frame` (any size; calibrations are scaled to it).
    /// - Throws: ``VisionError`` when the frame is empty or the native code fails.
    func analyze(_ frame: Frame) throws(VisionError) -> PipelineOutput
}

extension Reflective2019Pipeline: Pipeline {
    public var kind: PipelineKind { .reflective2019 }

    public func analyze(_ frame: Frame) throws(VisionError) -> PipelineOutput {
        .reflective2019(try self.process(frame))
    }
}

extension AprilTagPipeline: Pipeline {
    public var kind: PipelineKind { .apriltag }

    public func analyze(_ frame: Frame) throws(VisionError) -> PipelineOutput {
        .apriltag(try self.detect(frame))
    }
}
