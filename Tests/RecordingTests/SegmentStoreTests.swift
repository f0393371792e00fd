import Foundation
import TestSupport
import Testing

@testable import Recording

/// Segment names: unique, and sorted in the order the segments were recorded.
struct SegmentStoreTests {
    @Test func segmentsOfOneSecondNeverReuseTheNameOfADeletedSegment() throws {
        let directory = try TemporaryDirectory.make("segment-store")
        defer { try? FileManager.default.removeItem(at: directory) }
        var store = try SegmentStore(directory: directory.path, cameraName: "cam", maxBytes: 1)
        let now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00:00 UTC
        func create(_ stem: String) throws {
            for ext in SegmentStore.extensions {
                try Data([1]).write(to: directory.appendingPathComponent("\(stem).\(ext)"))
            }
        }
        let first = store.newStem(now: now)
        #expect(first == "cam_20270115-080000")
        try create(first)
        let second = store.newStem(now: now)
        #expect(second == "cam_20270115-080000_2")
        try create(second)
        // The budget deletes the first segment; the next one of the same second must still sort after the second.
        _ = store.enforceBudget(keeping: second)
        let third = store.newStem(now: now)
        #expect(third == "cam_20270115-080000_3")
        #expect([first, second, third].sorted() == [first, second, third])
        #expect(store.newStem(now: now.addingTimeInterval(1)) == "cam_20270115-080001")
    }
}
