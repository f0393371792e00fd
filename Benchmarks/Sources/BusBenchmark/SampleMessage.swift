import WireFormat

/// The message every measurement sends: a found target with four corners, the size of a real result.
///
/// Built in this one function so that a change of the result model touches the benchmark only here.
func sampleMessage() -> BusMessage.Payload {
    .targetingResult(
        TargetingResult(
            captureTime: 0,
            pipelineLatencyMicroseconds: 4000,
            frameNumber: 1,
            pipeline: .reflective2019,
            imageWidth: 320,
            imageHeight: 240,
            targets: [
                Target(
                    yawDegrees: 3.25, pitchDegrees: -1.5, areaPercent: 2.5, skewDegrees: 12, distanceMeters: 1.5,
                    offsetPixels: 20,
                    corners: [
                        ImagePoint(x: 10, y: 20), ImagePoint(x: 30, y: 20), ImagePoint(x: 30, y: 60),
                        ImagePoint(x: 10, y: 60),
                    ]
                )
            ]
        )
    )
}

/// The framed size of ``sampleMessage()`` with `sender`, in bytes: the size the baselines send too.
func sampleMessageSize(sender: String) -> Int {
    var frame: [UInt8] = []
    WireFormat.encode(sampleMessage(), sequence: 0, sender: sender, into: &frame)
    return frame.count
}
