import Bus
import ServiceRuntime

/// `targeting.yml`: where results go, plus the camera and pipeline.
struct TargetingConfiguration: ServiceConfiguration {
    /// The results queue (PUSH side).
    struct Results: Codable, Sendable, Hashable {
        /// Endpoints to connect to (the camera streamer listens).
        var connect: [String] = ["tcp://127.0.0.1:5805"]
        /// Endpoints to listen on instead (when consumers connect).
        var bind: [String] = []
        /// Results queued per consumer before new ones are dropped (and counted).
        var highWaterMark: Int = 100

        var endpoints: Endpoints { Endpoints(bind: self.bind, connect: self.connect) }
    }

    var service = ServiceSection(name: "targeting", control: "tcp://*:5801")
    var results = Results()

    func validate() throws(ConfigError) {
        guard !self.results.bind.isEmpty || !self.results.connect.isEmpty else {
            throw .invalid("results needs a `connect` or `bind` endpoint")
        }
        guard (1...100_000).contains(self.results.highWaterMark) else {
            throw .invalid("results.high_water_mark must be 1...100000")
        }
    }
}
