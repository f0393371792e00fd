import Testing
@testable import WireFormat

struct WireFormatTests {
    static let corners = [ImagePoint(x: 1, y: 2), ImagePoint(x: 3, y: 4), ImagePoint(x: 5, y: 6), ImagePoint(x: 7, y: 8)]

    static func tag(_ id: Int16) -> Target {
        Target(
            id: id, yawDegrees: -3.5, pitchDegrees: 2.25, areaPercent: 1.5, skewDegrees: 10.5, distanceMeters: 1.25,
            offsetPixels: -12, decisionMargin: 87.5, hamming: 1, corners: Self.corners,
            bestPose: TargetPose(
                cameraToTarget: Transform3D(x: 1.2, y: -0.1, z: 0.3, qw: 0, qx: 0, qy: 0, qz: 1), reprojectionErrorPixels: 0.4),
            alternatePose: TargetPose(
                cameraToTarget: Transform3D(x: 1.2, y: -0.1, z: 0.3, qw: 0.1, qx: 0, qy: 0.2, qz: 0.97),
                reprojectionErrorPixels: 2),
            ambiguity: 0.2
        )
    }

    static let result = TargetingResult(
        captureTime: 123_456_789,
        pipelineLatencyMicroseconds: 4321,
        frameNumber: 77,
        pipeline: .reflective2019,
        imageWidth: 320,
        imageHeight: 240,
        targets: [
            Target(
                yawDegrees: -3.5, pitchDegrees: 2.25, areaPercent: 1.5, skewDegrees: 10.5, distanceMeters: 1.25,
                offsetPixels: -12, corners: Self.corners + Self.corners)
        ]
    )

    static let fieldPose = FieldPose(
        fieldToCamera: Transform3D(x: 3, y: 4, z: 0.5, qw: 0.7071, qx: 0, qy: 0, qz: 0.7071),
        fieldToRobot: Transform3D(x: 3.2, y: 4, z: 0),
        reprojectionErrorPixels: 0.8, isMultiTag: true, tagIDs: [3, 4, 7]
    )

    static func apriltagResult(targets count: Int, fieldPose: FieldPose? = nil) -> TargetingResult {
        TargetingResult(
            captureTime: 9, pipelineLatencyMicroseconds: 1, frameNumber: .max, pipeline: .apriltag, imageWidth: 1280,
            imageHeight: 720, targets: (0..<count).map { Self.tag(Int16($0)) }, fieldPose: fieldPose)
    }

    static let payloads: [BusMessage.Payload] = [
        .targetingResult(result),
        .targetingResult(TargetingResult(captureTime: 1, pipeline: .apriltag)),
        .targetingResult(apriltagResult(targets: 3, fieldPose: fieldPose)),
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

    static func frame(_ payload: BusMessage.Payload, sender: String = "targeting") -> [UInt8] {
        WireFormat.encode(BusMessage(header: MessageHeader(type: payload.type, sequence: 1, sentAt: 2, sender: sender), payload: payload))
    }

    static func decodedResult(_ frame: [UInt8]) throws -> TargetingResult {
        guard case .targetingResult(let result) = try WireFormat.decode(frame).payload else {
            throw WireFormatError.invalidField("not a targeting result")
        }
        return result
    }

    @Test(arguments: payloads)
    func roundTripsEveryMessageType(payload: BusMessage.Payload) throws {
        let message = BusMessage(
            header: MessageHeader(type: payload.type, sequence: 7, sentAt: 555, sender: "targeting"),
            payload: payload
        )
        let decoded = try WireFormat.decode(WireFormat.encode(message))
        #expect(decoded == message)
    }

    @Test(arguments: [0, 1, 32])
    func roundTripsEveryTargetOfAFrame(count: Int) throws {
        let result = Self.apriltagResult(targets: count, fieldPose: count > 1 ? Self.fieldPose : nil)
        #expect(result.targets.count == count && result.targetsCut == 0)
        let decoded = try Self.decodedResult(Self.frame(.targetingResult(result)))
        #expect(decoded == result)
        #expect(decoded.targets.map(\.id) == (0..<count).map { Int16($0) })
        #expect(decoded.found == (count > 0))
        #expect(decoded.targets.allSatisfy { $0.ambiguity == 0.2 && $0.alternatePose?.reprojectionErrorPixels == 2 })
        #expect(decoded.fieldPose?.tagIDs == (count > 1 ? [3, 4, 7] : nil))
    }

    @Test func thirtyThreeTargetsAreCutToThirtyTwoAndTheCutIsCounted() throws {
        let result = Self.apriltagResult(targets: 33)
        #expect(result.targets.count == TargetingResult.maxTargets)
        #expect(result.targetsCut == 1)
        let decoded = try Self.decodedResult(Self.frame(.targetingResult(result)))
        #expect(decoded.targets.count == 32 && decoded.targetsCut == 1)
        #expect(decoded.targets.last?.id == 31, "the first 32 (best first) are kept")
    }

    @Test func theLargestResultFitsTheLargestFrame() throws {
        var target = Self.tag(587)
        target.setCorners((0..<8).map { ImagePoint(x: Float($0), y: 1) })
        let poses = FieldPose(
            fieldToCamera: Transform3D(x: 1, y: 2, z: 3), fieldToRobot: Transform3D(x: 1, y: 2, z: 3),
            reprojectionErrorPixels: 1, isMultiTag: true, tagIDs: (0..<40).map { Int16($0) })
        #expect(poses.tagIDs.count == FieldPose.maxTags)
        let result = TargetingResult(
            captureTime: 1, pipeline: .apriltag, targets: Array(repeating: target, count: 32), fieldPose: poses)
        let frame = Self.frame(.targetingResult(result), sender: String(repeating: "s", count: 64))
        #expect(frame.count == WireFormat.maxFrameSize)
        #expect(try Self.decodedResult(frame) == result)
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
            bytes == [0x52, 0x56, 2, 2, 0x02, 0x01, 0, 0, 0, 0, 0, 0, 0x0B, 0x0A, 0, 0, 0, 0, 0, 0, 3]
                + Array("cli".utf8) + [5, 0, 0, 0, 0, 0, 0, 0]
        )
    }

    @Test func targetingResultLayoutMatchesTheDocumentation() {
        // One reflective target of eight corners, no pose; then a result without targets.
        var bytes: [UInt8] = []
        WireFormat.encode(.targetingResult(Self.result), sequence: 0, sender: "", sentAt: 0, into: &bytes)
        #expect(bytes.count == WireFormat.fixedHeaderSize + 29 + 37 + 8 * 8)
        let payload = Array(bytes[WireFormat.fixedHeaderSize...])
        #expect(Array(payload[0..<8]) == [0x15, 0xCD, 0x5B, 0x07, 0, 0, 0, 0], "capture time 123456789")
        #expect(Array(payload[8..<12]) == [0xE1, 0x10, 0, 0], "latency 4321 us")
        #expect(Array(payload[12..<20]) == [77, 0, 0, 0, 0, 0, 0, 0], "frame number")
        #expect(payload[20] == 1, "pipeline reflective2019")
        #expect(Array(payload[21..<25]) == [0x40, 0x01, 0xF0, 0x00], "320 x 240")
        #expect(payload[25] == 0, "flags: no field pose")
        #expect(payload[26] == 1, "one target")
        #expect(Array(payload[27..<29]) == [0, 0], "none cut")
        #expect(Array(payload[29..<31]) == [0xFF, 0xFF], "target id -1")
        #expect(payload[29 + 30] == 0, "hamming")
        #expect(payload[29 + 31] == 8, "corner count")
        #expect(payload[29 + 32 + 64] == 0, "no pose")
        var empty: [UInt8] = []
        WireFormat.encode(.targetingResult(TargetingResult(captureTime: 0, pipeline: .apriltag)), sequence: 0, sender: "", into: &empty)
        #expect(empty.count == WireFormat.fixedHeaderSize + 29)
        // A tag with both poses: 37 + 32 + 2 * 32 bytes.
        var tag: [UInt8] = []
        WireFormat.encode(.targetingResult(Self.apriltagResult(targets: 1)), sequence: 0, sender: "", into: &tag)
        #expect(tag.count == WireFormat.fixedHeaderSize + 29 + 37 + 32 + 64)
    }

    @Test func everyTruncationIsRejected() {
        for payload in [BusMessage.Payload.targetingResult(Self.result), .targetingResult(Self.apriltagResult(targets: 3, fieldPose: Self.fieldPose))] {
            let bytes = Self.frame(payload)
            for length in 0..<bytes.count {
                #expect(throws: WireFormatError.self) { try WireFormat.decode(Array(bytes.prefix(length))) }
            }
        }
    }

    @Test func anotherVersionIsAClearErrorNotAMisread() throws {
        var version1 = Self.frame(.targetingResult(Self.result))
        version1[2] = 1
        #expect(throws: WireFormatError.unsupportedVersion(1)) { try WireFormat.decode(version1) }
        let message = WireFormatError.unsupportedVersion(1).description
        #expect(message.contains("version 1") && message.contains("speaks 2"))
        var version3 = version1
        version3[2] = 3
        #expect(throws: WireFormatError.unsupportedVersion(3)) { try WireFormat.decode(version3) }
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
        let bytes = Self.frame(.targetingResult(Self.apriltagResult(targets: 1)))
        let payload = WireFormat.fixedHeaderSize + "targeting".utf8.count
        #expect(try Self.decodedResult(bytes).targets.count == 1, "the unmodified frame decodes")
        let cases: [(offset: Int, value: UInt8, reason: String)] = [
            (payload + 20, 0, "pipeline 0"),
            (payload + 20, 9, "unknown pipeline"),
            (payload + 25, 2, "unknown result flag"),
            (payload + 26, 33, "more than 32 targets"),
            (payload + 26, 200, "a count the frame cannot hold"),
            (payload + 29 + 31, 9, "more than 8 corners"),
            (payload + 29 + 32 + 32, 4, "unknown pose flag"),
        ]
        for (offset, value, reason) in cases {
            var bad = bytes
            bad[offset] = value
            #expect(throws: WireFormatError.self, "\(reason)") { try WireFormat.decode(bad) }
        }
    }

    /// Every float field of a result, as a way to set it and the field name a decoder's error gives.
    static let floatFields: [(field: String, set: @Sendable (inout TargetingResult, Float) -> Void)] = {
        func target(_ change: @escaping @Sendable (inout Target, Float) -> Void) -> @Sendable (inout TargetingResult, Float) -> Void {
            { result, value in
                var targets = result.targets
                change(&targets[0], value)
                result.setTargets(targets)
            }
        }
        func pose(_ change: @escaping @Sendable (inout FieldPose, Float) -> Void) -> @Sendable (inout TargetingResult, Float) -> Void {
            { result, value in change(&result.fieldPose!, value) }
        }
        return [
            ("target yaw", target { $0.yawDegrees = $1 }),
            ("target pitch", target { $0.pitchDegrees = $1 }),
            ("target area", target { $0.areaPercent = $1 }),
            ("target skew", target { $0.skewDegrees = $1 }),
            ("target distance", target { $0.distanceMeters = $1 }),
            ("target offset", target { $0.offsetPixels = $1 }),
            ("target decision margin", target { $0.decisionMargin = $1 }),
            ("target corner x", target { $0.setCorners([ImagePoint(x: $1, y: 1)]) }),
            ("target corner y", target { $0.setCorners([ImagePoint(x: 1, y: $1)]) }),
            ("target ambiguity", target { $0.ambiguity = $1 }),
            ("target pose translation", target { $0.bestPose!.cameraToTarget.x = $1 }),
            ("target pose translation", target { $0.alternatePose!.cameraToTarget.z = $1 }),
            ("target pose rotation", target { $0.bestPose!.cameraToTarget.qw = $1 }),
            ("target pose rotation", target { $0.alternatePose!.cameraToTarget.qz = $1 }),
            ("target pose reprojection error", target { $0.bestPose!.reprojectionErrorPixels = $1 }),
            ("field to camera translation", pose { $0.fieldToCamera.y = $1 }),
            ("field to camera rotation", pose { $0.fieldToCamera.qx = $1 }),
            ("field to robot translation", pose { $0.fieldToRobot.x = $1 }),
            ("field to robot rotation", pose { $0.fieldToRobot.qy = $1 }),
            ("field pose reprojection error", pose { $0.reprojectionErrorPixels = $1 }),
            ("field pose ambiguity", pose { $0.ambiguity = $1 }),
        ]
    }()

    @Test func everyFloatFieldRejectsNaNInfinityAndAbsurdValues() throws {
        let good = Self.apriltagResult(targets: 2, fieldPose: Self.fieldPose)
        #expect(try Self.decodedResult(Self.frame(.targetingResult(good))) == good, "the unmodified result decodes")
        for (field, set) in Self.floatFields {
            for value: Float in [.nan, .infinity, -.infinity, 1e30, -1e30] {
                var bad = good
                set(&bad, value)
                do {
                    _ = try WireFormat.decode(Self.frame(.targetingResult(bad)))
                    Issue.record("\(field) = \(value) was accepted")
                } catch {
                    guard case .outOfRange(let named, _, _) = error else {
                        Issue.record("\(field) = \(value): \(error)")
                        continue
                    }
                    #expect(named == field)
                    #expect(error.description.contains(field))
                }
            }
        }
    }

    @Test func sentinelsAndLimitsDecode() throws {
        // What producers send for "unknown" (distance 0 without a pose, ambiguity -1) and values at each limit.
        let target = Target(
            id: 3, yawDegrees: -360, pitchDegrees: 360, areaPercent: 100, skewDegrees: 0, distanceMeters: 0,
            offsetPixels: -1_000_000, decisionMargin: 0, corners: [ImagePoint(x: 1_000_000, y: -1_000_000)],
            bestPose: TargetPose(
                cameraToTarget: Transform3D(x: 10_000, y: -10_000, z: 0, qw: 0.5, qx: 0.5, qy: 0.5, qz: 0.5),
                reprojectionErrorPixels: 0),
            ambiguity: -1)
        let result = TargetingResult(captureTime: 1, pipeline: .apriltag, targets: [target])
        #expect(try Self.decodedResult(Self.frame(.targetingResult(result))) == result)
    }

    @Test func aRotationThatIsNoUnitQuaternionIsRejected() throws {
        var target = Self.tag(1)
        target.bestPose?.cameraToTarget = Transform3D(x: 1, y: 0, z: 0, qw: 0, qx: 0, qy: 0, qz: 0)
        let frame = Self.frame(.targetingResult(TargetingResult(captureTime: 1, pipeline: .apriltag, targets: [target])))
        #expect {
            try Self.decodedResult(frame)
        } throws: { error in
            (error as? WireFormatError)?.description.contains("target pose rotation is not a unit quaternion") == true
        }
    }

    @Test func randomGarbageNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        var decoded = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...400, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if length >= 4, Bool.random(using: &generator) {
                bytes[0] = 0x52
                bytes[1] = 0x56
                bytes[2] = WireFormat.version
                bytes[3] = UInt8.random(in: 1...5, using: &generator)
            }
            if (try? WireFormat.decode(bytes)) != nil { decoded += 1 }
        }
        #expect(decoded < 20_000)
    }

    @Test func keepsAtMostEightCornersAndWholeCharactersOfLongNames() throws {
        let many = (0..<12).map { ImagePoint(x: Float($0), y: 0) }
        let target = Target(corners: many)
        #expect(target.corners == Array(many.prefix(Target.maxCorners)))
        let longName = String(repeating: "é", count: 40)  // 80 UTF-8 bytes
        var bytes: [UInt8] = []
        WireFormat.encode(.stop(StopRequest(stopID: 1)), sequence: 0, sender: longName, into: &bytes)
        let decoded = try WireFormat.decode(bytes)
        #expect(decoded.header.sender == String(repeating: "é", count: 32))
    }

    @Test func encodingReusesTheBuffer() {
        var buffer: [UInt8] = []
        let result = Self.apriltagResult(targets: 32, fieldPose: Self.fieldPose)
        WireFormat.encode(.targetingResult(result), sequence: 0, sender: "targeting", into: &buffer)
        let storage = buffer.withUnsafeBufferPointer { $0.baseAddress }
        for sequence in 1...100 {
            WireFormat.encode(.targetingResult(result), sequence: UInt64(sequence), sender: "targeting", into: &buffer)
            // Same storage every time: no allocation per message.
            #expect(buffer.withUnsafeBufferPointer { $0.baseAddress } == storage)
        }
    }

    @Test func aSenderNameWrittenOnceServesEveryFrameAfterIt() {
        let frame = UnsafeMutableRawBufferPointer.allocate(byteCount: WireFormat.maxFrameSize, alignment: 8)
        defer { frame.deallocate() }
        let payloadOffset = WireFormat.writeSender("camstreamer", into: frame)
        #expect(payloadOffset == WireFormat.fixedHeaderSize + "camstreamer".utf8.count)
        // Every payload kind, longest first, so a shorter frame after a longer one must not keep its tail.
        let payloads = [BusMessage.Payload.targetingResult(Self.apriltagResult(targets: 32, fieldPose: Self.fieldPose))]
            + Self.payloads
        for (sequence, payload) in payloads.enumerated() {
            let length = WireFormat.encode(
                payload, sequence: UInt64(sequence), sentAt: 99, payloadOffset: payloadOffset, into: frame)
            let whole = WireFormat.encode(
                BusMessage(
                    header: MessageHeader(type: payload.type, sequence: UInt64(sequence), sentAt: 99, sender: "camstreamer"),
                    payload: payload))
            #expect(Array(frame[0..<length]) == whole)
        }
    }

    @Test func theLargestStatusFitsTheLargestFrame() throws {
        let longName = String(repeating: "n", count: 100)
        var status = ServiceStatus(requestID: 1, state: .ready, processID: 2, uptimeMilliseconds: 3, figures: [])
        // More figures than a status carries, set directly: the encoder keeps the first maxFigures.
        status.figures = (0..<40).map { ServiceStatus.Figure(name: "\($0)" + longName, value: Double($0)) }
        var frame: [UInt8] = []
        WireFormat.encode(.status(status), sequence: 0, sender: String(repeating: "s", count: 80), into: &frame)
        #expect(frame.count == WireFormat.fixedHeaderSize + WireFormat.maxSenderLength + ServiceStatus.maxEncodedSize)
        #expect(frame.count <= WireFormat.maxFrameSize)
        guard case .status(let decoded) = try WireFormat.decode(frame).payload else {
            Issue.record("not a status")
            return
        }
        #expect(decoded.figures.count == ServiceStatus.maxFigures)
        #expect(decoded.figures.allSatisfy { $0.name.utf8.count == 64 })
    }

    @Test func pipelineKindsParseTheirNamesAndWireBytes() throws {
        #expect(PipelineKind(rawValue: "apriltag") == .apriltag && PipelineKind(rawValue: "reflective2019") == .reflective2019)
        #expect(PipelineKind.allCases.allSatisfy { PipelineKind(wireValue: $0.wireValue) == $0 })
        #expect(PipelineKind(wireValue: 0) == nil)
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
