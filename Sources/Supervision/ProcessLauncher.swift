/// Starts the child process of a stack entry.
///
/// ``SpawningLauncher`` starts real programs; tests supply fakes.
public protocol ProcessLauncher: Sendable {
    /// Starts `entry`'s program.
    /// - Throws: ``SpawnError`` when it cannot be started (a missing or non-executable program).
    func launch(_ entry: StackConfiguration.Entry) throws(SpawnError) -> any ChildProcess
}
