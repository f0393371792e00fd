import Foundation

/// Runs this suite's Python peers (`peers/*.py`: the scene renderer, the OpenCV reference, robotpy-apriltag).
enum PythonPeer {
    static let peersDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "peers")

    /// Why the peers cannot run here, or nil when python3 has robotpy-apriltag, OpenCV and numpy.
    static let unavailableReason: String? = {
        do {
            let result = try run(["-c", "import robotpy_apriltag, cv2, numpy; cv2.aruco.getPredefinedDictionary"])
            guard result.status == 0 else {
                return "python3 lacks robotpy-apriltag, opencv-python-headless or numpy "
                    + "(scripts/setup-debian.sh --test installs them)"
            }
            return nil
        } catch {
            return "python3 is not runnable (\(error))"
        }
    }()

    /// Whether the peers can run; prints why not when they cannot.
    static func available(for test: String) -> Bool {
        guard let reason = unavailableReason else { return true }
        print("Skipping \(test): \(reason)")
        return false
    }

    /// Runs `python3 ARGS` in the peers directory and returns its exit status and standard output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.currentDirectoryURL = peersDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = peersDirectory.path
        process.environment = environment
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "localization-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
