import Testing
@testable import WireFormat

/// A ``MessageView`` must accept exactly the frames the owned decoder accepts (the checks are the point: input from
/// the network is hostile), and read the same values.
struct MessageViewTests {
    static func view<Result>(_ frame: [UInt8], _ body: (borrowing MessageView) throws -> Result) throws -> Result {
        try frame.withUnsafeBytes { bytes in try body(try MessageView(validating: bytes)) }
    }

    /// The error each side reports for `frame`, `nil` when it accepts it; the view is made with `knownSender`'s
    /// bytes as the last sender's when given.
    static func outcomes(_ frame: [UInt8], knownSender: String? = nil) -> (view: WireFormatError?, decoder: WireFormatError?) {
        func error(_ body: () throws(WireFormatError) -> Void) -> WireFormatError? {
            do {
                try body()
                return nil
            } catch {
                return error
            }
        }
        let known = knownSender.map { Array($0.utf8) }
        return frame.withUnsafeBytes { bytes in
            (known ?? []).withUnsafeBytes { knownBytes in
                (
                    error { () throws(WireFormatError) in
                        _ = try MessageView(validating: bytes, knownSender: known == nil ? nil : knownBytes)
                    },
                    error { () throws(WireFormatError) in _ = try WireFormat.decode(bytes) }
                )
            }
        }
    }

    @Test(arguments: WireFormatTests.payloads)
    func readsTheHeaderInPlaceAndDecodesTheSameMessage(payload: BusMessage.Payload) throws {
        let frame = WireFormatTests.frame(payload, sender: "camstreamer")
        let expected = try WireFormat.decode(frame)
        try Self.view(frame) { view in
            #expect(view.type == payload.type)
            #expect(view.sequence == 1)
            #expect(view.sentAt == 2)
            #expect(view.sender == "camstreamer")
            #expect(Array(view.senderUTF8) == Array("camstreamer".utf8))
            let decoded = try view.decode()
            #expect(decoded == expected)
            var hasResultFields = false
            if let _ = view.targetingResult { hasResultFields = true }
            #expect(hasResultFields == (payload.type == .targetingResult))
        }
    }

    @Test func readsATargetingResultsFixedFieldsInPlace() throws {
        let result = WireFormatTests.apriltagResult(targets: 3, fieldPose: WireFormatTests.fieldPose)
        try Self.view(WireFormatTests.frame(.targetingResult(result))) { view in
            guard let fields = view.targetingResult else {
                Issue.record("a targeting result's view has its fields")
                return
            }
            #expect(fields.captureTime == result.captureTime)
            #expect(fields.pipelineLatencyMicroseconds == result.pipelineLatencyMicroseconds)
            #expect(fields.frameNumber == result.frameNumber)
            #expect(fields.imageWidth == result.imageWidth && fields.imageHeight == result.imageHeight)
            #expect(fields.targetCount == 3 && fields.targetsCut == 0 && fields.hasFieldPose)
        }
    }

    /// Every truncation, every byte changed to values that break it (0xFF, 0x80, 0) and every float made NaN,
    /// infinite or huge: the view and the decoder agree on each, with the same error, whether the frame's sender is
    /// the last sender (whose name is then not checked again) or not.
    @Test(arguments: WireFormatTests.payloads, [nil, "targeting", "camstreamer"])
    func acceptsExactlyWhatTheDecoderAccepts(payload: BusMessage.Payload, knownSender: String?) {
        let good = WireFormatTests.frame(payload, sender: "targeting")
        var variants: [[UInt8]] = (0..<good.count).map { Array(good.prefix($0)) }
        for index in good.indices {
            for byte: UInt8 in [0xFF, 0x80, 0] where good[index] != byte {
                var bad = good
                bad[index] = byte
                variants.append(bad)
            }
        }
        for offset in stride(from: 0, to: good.count - 3, by: 1) {
            for value in [Float.nan, .infinity, 1e30] {
                var bad = good
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bad.replaceSubrange(offset..<offset + 4, with: $0) }
                variants.append(bad)
            }
        }
        var rejected = 0
        for frame in variants {
            let outcome = Self.outcomes(frame, knownSender: knownSender)
            // Descriptions, not the errors: a NaN in `outOfRange` is unequal to itself.
            #expect(outcome.view?.description == outcome.decoder?.description, "frame \(frame)")
            if outcome.view != nil { rejected += 1 }
        }
        #expect(rejected > good.count, "the variants exercise the checks")
    }

    /// The in-place check passes every well-formed result (a frame it fails takes the decoder's slower path).
    @Test(arguments: WireFormatTests.payloads)
    func checksEveryWellFormedResultInPlace(payload: BusMessage.Payload) {
        guard payload.type == .targetingResult else { return }
        let frame = WireFormatTests.frame(payload, sender: "targeting")
        let passes = frame.withUnsafeBytes { TargetingResult.passesChecks($0, at: WireFormat.fixedHeaderSize + 9) }
        #expect(passes)
    }

    /// A view says whether its sender is the known one, by bytes (a non-ASCII name included), and reads it the same.
    @Test(arguments: ["targeting", "caméra", ""])
    func recognizesTheKnownSender(sender: String) throws {
        for payload in [WireFormatTests.payloads[0], .stop(StopRequest(stopID: 1))] {
            let frame = WireFormatTests.frame(payload, sender: sender)
            for (known, expected) in [(sender, true), (sender + "x", false), ("tArgeting", false)] {
                let isKnown = try frame.withUnsafeBytes { bytes in
                    try Array(known.utf8).withUnsafeBytes { known in
                        let view = try MessageView(validating: bytes, knownSender: known)
                        #expect(view.sender == sender)
                        return view.isFromKnownSender
                    }
                }
                #expect(isKnown == expected, "sender \(sender), known \(known)")
            }
            let withoutKnown = try frame.withUnsafeBytes { try MessageView(validating: $0).isFromKnownSender }
            #expect(!withoutKnown)
        }
    }
}
