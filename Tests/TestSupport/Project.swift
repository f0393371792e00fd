import Foundation

/// Where the repository, the built executables and installed tools are.
public enum Project {
    /// The repository root (this file is `Tests/TestSupport/Project.swift`).
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder with the built executables (the test bundle's folder).
    public static let binaries: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent()

    /// The path of a product of this package (`targeting`, `camstreamer`, `control`).
    /// - Throws: ``TestFailure`` telling to build the executables when it is missing.
    public static func executable(_ name: String) throws -> String {
        let path = Self.binaries.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestFailure("\(path) is missing: build the executables first (`swift build`)")
        }
        return path
    }

    /// The path of an installed program: `name` itself when it contains a `/`, otherwise looked up on `PATH`.
    public static func tool(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
