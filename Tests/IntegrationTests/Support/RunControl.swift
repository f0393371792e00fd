import TestSupport

/// Runs the project's `control` executable to completion (killed after `timeout`).
func runControl(_ arguments: [String], timeout: Duration = .seconds(30)) async throws -> ChildProcess.Result {
    try await ChildProcess.run(try Project.executable("control"), arguments, timeout: timeout)
}
