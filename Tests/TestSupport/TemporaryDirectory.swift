public import Foundation

/// A fresh, empty temporary directory for one test; the test removes it when done.
public enum TemporaryDirectory {
    /// Creates `<tmp>/<prefix>-<uuid>`.
    public static func make(_ prefix: String = "robot-vision-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
