/// Checks `condition` every few milliseconds until it holds or `seconds` have passed; whether it held.
func eventually(within seconds: Double = 5, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
}

/// Waits for `task` to end by itself; after `seconds` it is cancelled (which ends a supervision too), so a test
/// fails instead of hanging. Whether it ended in time.
func endsByItself(_ task: Task<Void, Never>, within seconds: Double = 5) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    let timeout = Task {
        try? await Task.sleep(until: deadline)
        task.cancel()
    }
    await task.value
    timeout.cancel()
    return ContinuousClock.now < deadline
}
