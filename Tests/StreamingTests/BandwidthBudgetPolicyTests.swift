import Testing

@testable import Streaming

#if canImport(Glibc)
import Glibc
#endif

@Suite struct BandwidthBudgetPolicyTests {
    /// A stand-in for a real encoder whose sizes deliberately differ from ``JPEGSizeModel``'s curve, so the
    /// policy has to learn from measurements.
    struct SimulatedCamera {
        var name = "DriveCam"
        var width = 640
        var height = 480
        var fps = 30.0
        /// Bytes of a full-size quality-80 frame.
        var bytesAtQ80: Double

        func bytesPerFrame(_ settings: StreamSettings) -> Double {
            bytesAtQ80 * pow(Double(settings.quality) / 80, 0.8) * pow(settings.scale, 1.6)
        }

        func bitsPerSecond(_ settings: StreamSettings, clients: Int) -> Double {
            self.bytesPerFrame(settings) * min(settings.framesPerSecond, self.fps) * 8 * Double(clients)
        }

        func measurement(_ settings: StreamSettings, clients: Int, measured: Bool = true) -> StreamMeasurement {
            StreamMeasurement(
                name: self.name, clients: clients, settings: settings,
                bytesPerFrame: measured ? self.bytesPerFrame(settings) : nil, sourceWidth: self.width,
                sourceHeight: self.height, sourceFramesPerSecond: self.fps,
                bytesSentPerSecond: self.bitsPerSecond(settings, clients: clients) / 8)
        }
    }

    /// Runs the closed loop for `rounds` adjustments and returns the settings per round.
    private func converge(
        _ cameras: [SimulatedCamera], clients: [Int], policy: inout BandwidthBudgetPolicy, rounds: Int = 12
    ) -> [[StreamSettings]] {
        var settings = cameras.map { _ in policy.configuration.richestSettings }
        var history: [[StreamSettings]] = []
        for _ in 0..<rounds {
            let decisions = policy.update(
                zip(cameras, zip(settings, clients)).map { $0.measurement($1.0, clients: $1.1) })
            settings = cameras.map { decisions[$0.name]! }
            history.append(settings)
        }
        return history
    }

    @Test func smallStreamsKeepTheRichestSettings() throws {
        var policy = try BandwidthBudgetPolicy()
        let camera = SimulatedCamera(width: 160, height: 120, bytesAtQ80: 3000)  // 0.72 Mbit/s
        let history = self.converge([camera], clients: [1], policy: &policy)
        #expect(history.last == [policy.configuration.richestSettings])
        #expect(policy.status.overBudget == false)
    }

    @Test func mildOverageLowersOnlyQuality() throws {
        var policy = try BandwidthBudgetPolicy()
        let camera = SimulatedCamera(bytesAtQ80: 22_000)  // 5.3 Mbit/s at q80 30 fps
        let final = self.converge([camera], clients: [1], policy: &policy).last![0]
        #expect(final.quality < 80)
        #expect(final.framesPerSecond == 30)
        #expect(final.scale == 1)
        let rate = camera.bitsPerSecond(final, clients: 1)
        #expect(rate <= 4_000_000 * 0.98 + 1)
        #expect(rate >= 4_000_000 * 0.88, "rate \(rate) leaves too much of the budget unused")
    }

    @Test func heavyOverageLowersFrameRateAfterQuality() throws {
        var policy = try BandwidthBudgetPolicy()
        let camera = SimulatedCamera(bytesAtQ80: 44_500)  // 10.7 Mbit/s at q80 30 fps; q30 is still 4.9
        let final = self.converge([camera], clients: [1], policy: &policy).last![0]
        #expect(final.framesPerSecond < 30)
        #expect(final.quality == policy.configuration.minQuality, "quality goes first")
        #expect(final.scale == 1)
        let rate = camera.bitsPerSecond(final, clients: 1)
        #expect(rate <= 4_000_000 * 0.98 + 1)
        #expect(rate >= 4_000_000 * 0.88, "rate \(rate) leaves too much of the budget unused")
    }

    @Test func extremeOverageLowersResolutionLast() throws {
        var policy = try BandwidthBudgetPolicy()
        let camera = SimulatedCamera(width: 1920, height: 1080, bytesAtQ80: 400_000)
        let final = self.converge([camera], clients: [1], policy: &policy).last![0]
        #expect(final.scale < 1)
        #expect(camera.bitsPerSecond(final, clients: 1) <= 4_000_000 * 0.98 + 1)
    }

    @Test func budgetIsSharedEquallyPerClient() throws {
        var policy = try BandwidthBudgetPolicy()
        let drive = SimulatedCamera(name: "DriveCam", bytesAtQ80: 15_000)
        let claw = SimulatedCamera(name: "ClawCam", width: 320, height: 240, bytesAtQ80: 9_000)
        let final = self.converge([drive, claw], clients: [2, 1], policy: &policy).last!
        let total = drive.bitsPerSecond(final[0], clients: 2) + claw.bitsPerSecond(final[1], clients: 1)
        #expect(total <= 4_000_000 * 0.98 + 1)
        #expect(total >= 4_000_000 * 0.88)
        let driveStatus = policy.status.streams.first { $0.name == "DriveCam" }!
        #expect(abs(driveStatus.allowanceBitsPerSecond - 4_000_000 * 2 / 3) < 1)
        #expect(policy.status.totalClients == 3)
    }

    @Test func steadyStateDoesNotFlap() throws {
        var policy = try BandwidthBudgetPolicy()
        let camera = SimulatedCamera(bytesAtQ80: 22_000)
        var settings = self.converge([camera], clients: [1], policy: &policy).last![0]
        var changes = 0
        // ±1.5 % measurement noise, alternating.
        for round in 0..<40 {
            var measurement = camera.measurement(settings, clients: 1)
            measurement.bytesPerFrame! *= round.isMultiple(of: 2) ? 1.015 : 0.985
            let next = policy.update([measurement])["DriveCam"]!
            if next != settings { changes += 1 }
            settings = next
        }
        #expect(changes <= 1)
    }

    @Test func streamsWithoutClientsKeepTheirSettings() throws {
        var policy = try BandwidthBudgetPolicy()
        let camera = SimulatedCamera(bytesAtQ80: 44_500)
        let odd = StreamSettings(quality: 55, framesPerSecond: 15, scale: 0.5)  // kept as is
        let decision = policy.update([camera.measurement(odd, clients: 0)])
        #expect(decision["DriveCam"] == odd)
        #expect(policy.status.predictedBitsPerSecond == 0)
    }

    @Test func disabledBudgetUsesRichestSettings() throws {
        var policy = try BandwidthBudgetPolicy(configuration: .init(enabled: false))
        let camera = SimulatedCamera(bytesAtQ80: 44_500)
        let decision = policy.update([camera.measurement(.init(quality: 30, framesPerSecond: 5, scale: 0.25), clients: 1)])
        #expect(decision["DriveCam"] == policy.configuration.richestSettings)
    }

    @Test func lessAllowanceNeverGivesRicherSettings() throws {
        let policy = try BandwidthBudgetPolicy()
        let camera = SimulatedCamera(bytesAtQ80: 30_000)
        let measurement = camera.measurement(policy.configuration.richestSettings, clients: 1, measured: false)
        var previous = policy.richestSettings(for: measurement, within: 50_000_000)
        #expect(previous == policy.configuration.richestSettings)
        var sawQualityDrop = false
        var sawFPSDrop = false
        var sawScaleDrop = false
        for step in 1...200 {
            let limit = 50_000_000 * pow(0.97, Double(step))
            let next = policy.richestSettings(for: measurement, within: limit)
            #expect(!BandwidthBudgetPolicy.isRicher(next, than: previous))
            if next.scale < previous.scale { sawScaleDrop = true; #expect(previous.quality == 30 && previous.framesPerSecond < 5.5) }
            else if next.framesPerSecond < previous.framesPerSecond { sawFPSDrop = true; #expect(next.quality == 30) }
            else if next.quality < previous.quality { sawQualityDrop = true; #expect(next.framesPerSecond == 30) }
            previous = next
        }
        #expect(sawQualityDrop && sawFPSDrop && sawScaleDrop)
    }

    @Test func noMeasurementUsesThePrior() throws {
        var policy = try BandwidthBudgetPolicy()
        let camera = SimulatedCamera(bytesAtQ80: 44_500)
        let decision = policy.update([camera.measurement(policy.configuration.richestSettings, clients: 1, measured: false)])
        // The prior says a 640x480 q80 frame is about 44.5 kB: 10.7 Mbit/s at 30 fps, so it must step down.
        #expect(decision["DriveCam"] != policy.configuration.richestSettings)
    }
}
