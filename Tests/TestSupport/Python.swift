import Foundation
import Synchronization

/// Python peers (pyzmq, pyntcore, OpenCV) for interoperability tests.
public enum Python {
    private static let probed = Mutex<[String: String?]>([:])

    /// Why `python3` cannot import every module in `modules`, or `nil` when it can. Probed once per module list.
    public static func unavailableReason(importing modules: [String]) -> String? {
        let key = modules.joined(separator: ",")
        if let known = Self.probed.withLock({ $0[key] }) { return known }
        let reason: String?
        if Project.tool("python3") == nil {
            reason = "python3 is not installed"
        } else {
            let probe = try? ChildProcess.runBlocking(
                "python3", ["-c", modules.map { "import \($0)" }.joined(separator: "; ")], timeout: .seconds(60)
            )
            let names = modules.joined(separator: ", ")
            reason = probe?.status == 0
                ? nil : "python3 cannot import \(names) (`pip install` it; the README's test command does)"
        }
        Self.probed.withLock { $0[key] = reason }
        return reason
    }

    /// Whether `python3` imports every module in `modules`; when not, prints that `test` is skipped and why.
    public static func isAvailable(_ modules: [String], for test: String) -> Bool {
        guard let reason = Self.unavailableReason(importing: modules) else { return true }
        print("Skipping \(test): \(reason)")
        return false
    }

    /// Throws ``TestFailure`` with an instruction when `python3` cannot import every module in `modules`.
    public static func require(_ modules: [String]) throws {
        if let reason = Self.unavailableReason(importing: modules) { throw TestFailure(reason) }
    }

    /// Starts `python3 -u SCRIPT ARGUMENTS` (unbuffered output); `script` is relative to the repository root.
    public static func peer(_ script: String, _ arguments: [String], input: Bool = false) throws -> ChildProcess {
        try ChildProcess(
            "python3",
            ["-u", Project.repository.appendingPathComponent(script).path] + arguments,
            input: input,
            mergeErrors: false
        )
    }

    /// Runs `python3 SCRIPT ARGUMENTS` to completion (killed after `timeout`); `script` is relative to the repository.
    public static func run(_ script: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws
        -> ChildProcess.Result
    {
        try await ChildProcess.run(
            "python3", [Project.repository.appendingPathComponent(script).path] + arguments, timeout: timeout
        )
    }
}
