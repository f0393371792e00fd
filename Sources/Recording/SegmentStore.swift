import Foundation

/// The recording folder: names new segments and keeps the folder's segments within the disk budget.
struct SegmentStore {
    /// The extensions of a segment's files.
    static let extensions = ["wpilog", "mkv"]

    let directory: String
    let cameraName: String
    let maxBytes: Int
    /// The last stem's date-time part and counter: a segment started in the same second gets a higher counter, never
    /// the name of a segment the budget deleted meanwhile (names must sort in the order segments were recorded).
    private var lastIssued: (base: String, counter: Int)?

    /// Creates the folder when missing.
    /// - Throws: ``RecordingError/io(path:reason:)`` when it cannot be created.
    init(directory: String, cameraName: String, maxBytes: Int) throws(RecordingError) {
        self.directory = directory
        self.cameraName = cameraName
        self.maxBytes = maxBytes
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, reason: error.localizedDescription)
        }
    }

    /// A stem no segment uses yet: `<camera>_<UTC date>-<UTC time>`, with a counter (`_2`, `_3`, ...) for the second
    /// and later segments started in the same second, or when that name is taken.
    mutating func newStem(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let base = "\(self.cameraName)_\(formatter.string(from: now))"
        var counter = 1
        if let last = self.lastIssued, last.base == base { counter = last.counter + 1 }
        func stem() -> String { counter == 1 ? base : "\(base)_\(counter)" }
        func taken(_ stem: String) -> Bool {
            Self.extensions.contains { FileManager.default.fileExists(atPath: "\(self.directory)/\(stem).\($0)") }
        }
        while taken(stem()) { counter += 1 }
        self.lastIssued = (base, counter)
        return stem()
    }

    /// Deletes the oldest segments (by modification time) other than `keeping` until the folder's segments fit the
    /// budget; returns the bytes left and the segments deleted.
    func enforceBudget(keeping running: String?) -> (bytes: Int, deleted: Int) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: self.directory)) ?? []
        var segments: [String: (bytes: Int, modified: Date)] = [:]
        for name in names {
            let url = URL(fileURLWithPath: name)
            guard Self.extensions.contains(url.pathExtension) else { continue }
            let stem = url.deletingPathExtension().lastPathComponent
            let attributes = try? FileManager.default.attributesOfItem(atPath: "\(self.directory)/\(name)")
            let bytes = (attributes?[.size] as? NSNumber)?.intValue ?? 0
            let modified = attributes?[.modificationDate] as? Date ?? .distantPast
            let known = segments[stem]
            segments[stem] = ((known?.bytes ?? 0) + bytes, max(known?.modified ?? .distantPast, modified))
        }
        var total = segments.values.reduce(0) { $0 + $1.bytes }
        var deleted = 0
        let oldestFirst = segments.filter { $0.key != running }.sorted { $0.value.modified < $1.value.modified }
        for (stem, segment) in oldestFirst where total > self.maxBytes {
            for ext in Self.extensions { try? FileManager.default.removeItem(atPath: "\(self.directory)/\(stem).\(ext)") }
            total -= segment.bytes
            deleted += 1
        }
        return (total, deleted)
    }
}
