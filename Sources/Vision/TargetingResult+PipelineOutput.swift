public import WireFormat

extension TargetingResult {
    /// The bus message for a pipeline's output: the one conversion from vision output to wire result.
    ///
    /// The latency is measured here, from the frame's capture to `completedAt`. AprilTags are ordered best first:
    /// those with a pose nearest first, then the others by decision margin; past ``maxTargets`` they are cut and
    /// counted.
    /// - Parameters:
    ///   - output: what the pipeline saw.
    ///   - frame: the frame it saw it in (capture time, number, size).
    ///   - localization: what a ``Vision/FieldLocalizer`` solved from `output`'s tags, if one runs: each tag's
    ///     pose solutions replace the pipeline's single pose, and its field pose becomes the result's.
    ///   - completedAt: when the pipeline finished, ``WireFormat/MonotonicClock`` ns (default: now).
    public init(
        _ output: PipelineOutput, frame: FrameInfo, localization: FieldLocalization? = nil,
        completedAt: UInt64 = MonotonicClock.now()
    ) {
        let targets: [Target]
        switch output {
        case .reflective2019(let target):
            targets = target.found ? [Target(target)] : []
        case .apriltag(let detections):
            let solutions = localization?.tagPoses ?? []
            let ordered = detections.indices.sorted { i, j in
                let (a, b) = (detections[i], detections[j])
                switch (a.pose != nil, b.pose != nil) {
                case (true, false): return true
                case (false, true): return false
                case (true, true): return a.distanceMeters < b.distanceMeters
                case (false, false): return a.decisionMargin > b.decisionMargin
                }
            }
            targets = ordered.map { index in
                var target = Target(detections[index], imageWidth: frame.width, imageHeight: frame.height)
                if index < solutions.count, let poses = solutions[index] {
                    target.bestPose = poses.best
                    target.alternatePose = poses.alternate
                    target.ambiguity = poses.ambiguity
                    target.distanceMeters = poses.distanceMeters
                }
                return target
            }
        }
        let latency = completedAt > frame.captureTime ? (completedAt - frame.captureTime) / 1000 : 0
        self.init(
            captureTime: frame.captureTime,
            pipelineLatencyMicroseconds: UInt32(clamping: latency),
            frameNumber: frame.frameNumber,
            pipeline: output.kind,
            imageWidth: UInt16(clamping: frame.width),
            imageHeight: UInt16(clamping: frame.height),
            // A target or pose a receiver would refuse (a degenerate solve) is left out, not the whole frame lost.
            targets: targets.filter(WireLimits.accepts),
            fieldPose: localization?.fieldPose.flatMap { WireLimits.accepts($0) ? $0 : nil }
        )
    }
}

extension Target {
    /// The wire target of a found 2019 reflective target (id -1, eight corners, no pose on the wire).
    init(_ target: Target2019) {
        self.init(
            id: -1,
            yawDegrees: Float(target.yawDegrees),
            pitchDegrees: Float(target.pitchDegrees),
            areaPercent: Float(target.areaPercent),
            skewDegrees: Float(target.skewDegrees),
            distanceMeters: Float(target.distanceMeters),
            offsetPixels: Float(target.offsetPixels),
            corners: target.corners
        )
    }

    /// The wire target of an AprilTag detection in an image of the given size.
    init(_ detection: AprilTagDetection, imageWidth: Int, imageHeight: Int) {
        self.init(
            id: Int16(clamping: detection.id),
            yawDegrees: Float(detection.yawDegrees),
            pitchDegrees: Float(detection.pitchDegrees),
            areaPercent: Float(Self.polygonArea(detection.corners) / Double(max(1, imageWidth * imageHeight)) * 100),
            skewDegrees: Float(detection.pose?.skewDegrees ?? 0),
            distanceMeters: Float(detection.distanceMeters),
            offsetPixels: Float(Double(imageWidth) / 2 - Double(detection.center.x)),
            decisionMargin: Float(detection.decisionMargin),
            hamming: UInt8(clamping: detection.hamming),
            corners: detection.corners,
            bestPose: detection.pose.map {
                TargetPose(cameraToTarget: $0.cameraToTag, reprojectionErrorPixels: Float(detection.reprojectionErrorPixels))
            }
        )
    }

    private static func polygonArea(_ points: [ImagePoint]) -> Double {
        guard points.count >= 3 else { return 0 }
        var sum = 0.0
        for index in points.indices {
            let a = points[index]
            let b = points[(index + 1) % points.count]
            sum += Double(a.x) * Double(b.y) - Double(b.x) * Double(a.y)
        }
        return abs(sum) / 2
    }
}
