@testable import NetworkTables

extension NT4Client {
    /// Runs the client while `body` runs, then cancels it; rethrows what `run()` or a `set` threw. With `topic`, a
    /// publisher also sets it to 1, 2, 3, ... every 10 ms meanwhile, so values flow whenever the server lets them.
    func whileRunning(publishingTo topic: NTTopic? = nil, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            if let topic {
                group.addTask {
                    var value = 0.0
                    while !Task.isCancelled {
                        value += 1
                        try self.set(topic, .double(value))
                        try? await Task.sleep(for: .milliseconds(10))
                    }
                }
            }
            do {
                try await body()
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
            try await group.waitForAll()
        }
    }
}
