/// Polls `probe` until it returns a value or `timeout` passes; returns the value, or `nil` after the timeout.
///
/// Tests await a condition with this instead of sleeping for a guessed time: it returns as soon as the condition
/// holds, and a slow machine only makes it poll longer.
public func awaitValue<Value>(
    timeout: Duration,
    pollingEvery interval: Duration = .milliseconds(10),
    _ probe: () async throws -> Value?
) async rethrows -> Value? {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
        if let value = try await probe() { return value }
        guard clock.now < deadline else { return nil }
        try? await Task.sleep(for: interval)
    }
}

/// Polls `condition` until it holds; returns whether it did within `timeout`.
public func waitUntil(timeout: Duration, _ condition: () async throws -> Bool) async rethrows -> Bool {
    try await awaitValue(timeout: timeout) { try await condition() ? true : nil } != nil
}

/// Polls `condition` until it holds; throws ``TestFailure`` (naming `what`) if it does not within `timeout`.
public func eventually(
    timeout: Duration = .seconds(5),
    _ what: @autoclosure () -> String = "the condition",
    _ condition: () async throws -> Bool
) async throws {
    guard try await waitUntil(timeout: timeout, condition) else {
        throw TestFailure("\(what()) did not hold within \(timeout)")
    }
}
