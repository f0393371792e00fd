import Testing

@testable import Streaming

@Suite struct ClientLimitsTests {
    @Test func parsesCscoreParameters() throws {
        let limits = try ClientLimits(query: "action=stream&resolution=320x240&fps=10&compression=30")
        #expect(limits.resolution?.width == 320)
        #expect(limits.resolution?.height == 240)
        #expect(limits.framesPerSecond == 10)
        #expect(limits.quality == 30)
    }

    @Test func emptyQueryMeansNoLimits() throws {
        #expect(try ClientLimits(query: "") == .none)
        #expect(try ClientLimits(query: "action=stream&unknown=1") == .none)
        #expect(try ClientLimits(query: "compression=-1") == .none)
    }

    @Test(arguments: [
        "resolution=320", "resolution=0x240", "resolution=axb", "resolution=99999x1", "fps=0", "fps=abc",
        "fps=-5", "compression=101", "compression=x", "resolution=320x240x2",
    ])
    func rejectsMalformedValues(query: String) {
        #expect {
            try ClientLimits(query: Substring(query))
        } throws: { error in
            if case .invalidQueryParameter = error as? StreamingError { true } else { false }
        }
    }

    @Test func variantFollowsBudgetWithoutLimits() {
        let settings = StreamSettings(quality: 60, framesPerSecond: 30, scale: 0.5)
        let variant = ClientLimits.none.variant(sourceWidth: 640, sourceHeight: 480, settings: settings)
        #expect(variant == StreamVariant(width: 320, height: 240, quality: 60))
    }

    @Test func smallerRequestIsHonouredAndLargerIsCapped() throws {
        let settings = StreamSettings(quality: 60, framesPerSecond: 30, scale: 1)
        let small = try ClientLimits(query: "resolution=160x120&compression=20")
        #expect(small.variant(sourceWidth: 640, sourceHeight: 480, settings: settings)
            == StreamVariant(width: 160, height: 120, quality: 20))
        // Asking for more than the budget allows gets the budget, aspect ratio kept.
        let large = try ClientLimits(query: "resolution=1280x960&compression=95")
        #expect(large.variant(sourceWidth: 640, sourceHeight: 480, settings: settings)
            == StreamVariant(width: 640, height: 480, quality: 60))
    }
}
