public import Bus
public import Localization
import ServiceRuntime
public import Vision

extension TargetingConfiguration {
    /// The results channel's sender (PUSH), counting into `counters`.
    /// - Throws: ``Bus/BusError`` when an endpoint cannot be opened.
    public func makeSender(counters: ChannelCounters) throws(BusError) -> MessageSender {
        var options = MessageSender.Options()
        options.highWaterMark = Int32(self.results.highWaterMark)
        return try MessageSender(
            name: self.service.name, endpoints: self.results.endpoints, options: options, counters: counters
        )
    }

    /// The field localizer when `field.layout` is set, loading the layout (`nil` without a layout or calibration;
    /// ``validate()`` requires the calibration with a layout).
    /// - Throws: ``Localization/FieldLayoutError`` or ``Localization/LocalizationError``, each one line.
    public func makeLocalizer(calibration: CameraCalibration?) throws -> FieldPoseLocalizer? {
        guard self.field.isEnabled, let calibration else { return nil }
        return try FieldPoseLocalizer(
            field: self.field, calibration: calibration, tagSizeMeters: self.pipeline.apriltag.tagSizeMeters
        )
    }
}
