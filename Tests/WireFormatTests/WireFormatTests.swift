import Testing
@testable import WireFormat

struct WireFormatTests {
    static let result = TargetingResult(
        captureTime: 123_456_789,
        pipelineLatencyMicroseconds: 4321,
        frameNumber: 77,
        found: true,
        pipeline: .reflective2019,
        targetID: -1,
        distanceMeters: 1.25,
        yawDegrees: -3.5,
        pitchDegrees: 2.25,
        skewDegrees: 10.5,
        offsetPixels: -12,
        areaPercent: 1.5,
        imageWidth: 320,
        imageHeight: 240,
        corners: [ImagePoint(x: 1, y: 2), ImagePoint(x: 3, y: 4), ImagePoint(x: 5, y: 6), ImagePoint(x: 7, y: 8)]
    )

    static let payloads: [BusMessage.Payload] = [
        .targetingResult(result),
        .targetingResult(TargetingResult(captureTime: 1, found: false)),
        .stop(StopRequest(stopID: .max)),
        .stopAcknowledgement(StopAcknowledgement(stopID: 42, state: .stopping)),
        .statusRequest(StatusRequest(requestID: 9)),
        .status(
            ServiceStatus(
                requestID: 9,
                state: .ready,
                processID: 1234,
                uptimeMilliseconds: 99_000,
                figures: [.init(name: "fps", value: 29.5), .init(name: "dropped", value: 3)]
            )
        ),
    ]

    @Test(arguments: payloads)
    func roundTripsEveryMessageType(payload: BusMessage.Payload) throws {
        let message = BusMessage(
            header: MessageHeader(type: payload.type, sequence: 7, sentAt: 555, sender: "targeting"),
            payload: payload
        )
        let decoded = try WireFormat.decode(WireFormat.encode(message))
        #expect(decoded == message)
    }

    @Test func headerLayoutMatchesTheDocumentation() {
        let bytes = WireFormat.encode(
            BusMessage(
                header: MessageHeader(type: .stop, sequence: 0x0102, sentAt: 0x0A0B, sender: "cli"),
                payload: .stop(StopRequest(stopID: 5))
            )
        )
        // magic, version, type, sequence (u64 LE), sent time (u64 LE), sender length, sender, stop id (u64 LE)
        #expect(
            bytes == [0x52, 0x56, 1, 2, 0x02, 0x01, 0, 0, 0, 0, 0, 0, 0x0B, 0x0A, 0, 0, 0, 0, 0, 0, 3]
                + Array("cli".utf8) + [5, 0, 0, 0, 0, 0, 0, 0]
        )
    }

    @Test func targetingResultPayloadHasTheDocumentedSize() {
        var buffer: [UInt8] = []
        WireFormat.encode(.targetingResult(Self.result), sequence: 0, sender: "", sentAt: 0, into: &buffer)
        #expect(buffer.count == WireFormat.fixedHeaderSize + 49 + 8 * 4)
    }

    @Test func everyTruncationIsRejected() {
        let bytes = WireFormat.encode(
            BusMessage(
                header: MessageHeader(type: .targetingResult, sequence: 1, sender: "targeting"),
                payload: .targetingResult(Self.result)
            )
        )
        for length in 0..<bytes.count {
            #expect(throws: WireFormatError.self) { try WireFormat.decode(Array(bytes.prefix(length))) }
        }
    }

    @Test func rejectsBadMagicVersionAndType() throws {
        let good = WireFormat.encode(
            BusMessage(header: MessageHeader(type: .stop, sequence: 1, sender: "x"), payload: .stop(StopRequest(stopID: 1)))
        )
        var badMagic = good
        badMagic[0] = 0x00
        #expect(throws: WireFormatError.badMagic) { try WireFormat.decode(badMagic) }
        var badVersion = good
        badVersion[2] = 99
        #expect(throws: WireFormatError.unsupportedVersion(99)) { try WireFormat.decode(badVersion) }
        var badType = good
        badType[3] = 200
        #expect(throws: WireFormatError.unknownType(200)) { try WireFormat.decode(badType) }
    }

    @Test func rejectsOutOfRangeFields() throws {
        var bytes: [UInt8] = []
        WireFormat.encode(.targetingResult(Self.result), sequence: 0, sender: "", sentAt: 0, into: &bytes)
        let foundOffset = WireFormat.fixedHeaderSize + 16
        var badFound = bytes
        badFound[foundOffset] = 7
        #expect(throws: WireFormatError.self) { try WireFormat.decode(badFound) }
        var tooManyCorners = bytes
        tooManyCorners[WireFormat.fixedHeaderSize + 48] = 200
        #expect(throws: WireFormatError.self) { try WireFormat.decode(tooManyCorners) }
    }

    @Test func randomGarbageNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        var decoded = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...120, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if length >= 4, Bool.random(using: &generator) {
                bytes[0] = 0x52
                bytes[1] = 0x56
                bytes[2] = 1
                bytes[3] = UInt8.random(in: 1...5, using: &generator)
            }
            if (try? WireFormat.decode(bytes)) != nil { decoded += 1 }
        }
        #expect(decoded < 20_000)
    }

    @Test func keepsAtMostEightCornersAndWholeCharactersOfLongNames() throws {
        let many = (0..<12).map { ImagePoint(x: Float($0), y: 0) }
        let result = TargetingResult(captureTime: 0, found: true, corners: many)
        #expect(result.corners.count == TargetingResult.maxCorners)
        let longName = String(repeating: "é", count: 40)  // 80 UTF-8 bytes
        var bytes: [UInt8] = []
        WireFormat.encode(.stop(StopRequest(stopID: 1)), sequence: 0, sender: longName, into: &bytes)
        let decoded = try WireFormat.decode(bytes)
        #expect(decoded.header.sender == String(repeating: "é", count: 32))
    }

    @Test func encodingReusesTheBuffer() {
        var buffer: [UInt8] = []
        WireFormat.encode(.targetingResult(Self.result), sequence: 0, sender: "targeting", into: &buffer)
        let storage = buffer.withUnsafeBufferPointer { $0.baseAddress }
        for sequence in 1...100 {
            WireFormat.encode(.targetingResult(Self.result), sequence: UInt64(sequence), sender: "targeting", into: &buffer)
            // Same storage every time: no allocation per message.
            #expect(buffer.withUnsafeBufferPointer { $0.baseAddress } == storage)
        }
    }

    @Test func theLargestStatusFitsTheLargestFrame() throws {
        let longName = String(repeating: "n", count: 100)
        var status = ServiceStatus(requestID: 1, state: .ready, processID: 2, uptimeMilliseconds: 3, figures: [])
        // More figures than a status carries, set directly: the encoder keeps the first maxFigures.
        status.figures = (0..<40).map { ServiceStatus.Figure(name: "\($0)" + longName, value: Double($0)) }
        var frame: [UInt8] = []
        WireFormat.encode(.status(status), sequence: 0, sender: String(repeating: "s", count: 80), into: &frame)
        #expect(frame.count == WireFormat.maxFrameSize)
        guard case .status(let decoded) = try WireFormat.decode(frame).payload else {
            Issue.record("not a status")
            return
        }
        #expect(decoded.figures.count == ServiceStatus.maxFigures)
        #expect(decoded.figures.allSatisfy { $0.name.utf8.count == 64 })
    }

    @Test func aKnownSenderIsReusedAndAnotherIsDecoded() throws {
        let frame = WireFormat.encode(BusMessage(header: .init(type: .stop, sequence: 1, sender: "camstreamer"), payload: .stop(.init(stopID: 1))))
        let same = try frame.withUnsafeBytes { try WireFormat.decode($0, previousSender: "camstreamer") }
        #expect(same.header.sender == "camstreamer")
        let other = try frame.withUnsafeBytes { try WireFormat.decode($0, previousSender: "targeting") }
        #expect(other.header.sender == "camstreamer")
        let prefix = try frame.withUnsafeBytes { try WireFormat.decode($0, previousSender: "camstreame") }
        #expect(prefix.header.sender == "camstreamer")
    }
}
