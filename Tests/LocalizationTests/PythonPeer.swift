import Foundation
import TestSupport

/// This suite's Python peers (`peers/*.py`: the scene renderer and the OpenCV reference), run through TestSupport.
enum PythonPeer {
    /// What the peers import.
    static let modules = ["robotpy_apriltag", "cv2", "numpy"]
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("peers")

    /// Whether the peers can run; prints why `test` is skipped when they cannot.
    static func available(for test: String) -> Bool { Python.isAvailable(Self.modules, for: test) }

    /// Runs `python3 ARGUMENTS` with the peers importable (a script is named by its file name in `peers/`).
    static func run(_ arguments: [String], timeout: Duration = .seconds(600)) async throws -> ChildProcess.Result {
        let resolved = arguments.map { $0.hasSuffix(".py") ? Self.directory.appendingPathComponent($0).path : $0 }
        return try await ChildProcess.run(
            "python3", resolved, environment: ["PYTHONPATH": Self.directory.path], mergeErrors: false, timeout: timeout
        )
    }
}
