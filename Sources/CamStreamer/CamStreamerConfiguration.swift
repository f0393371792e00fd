import Bus
import ServiceRuntime

/// `camstreamer.yml`: where targeting results arrive and how they are taken.
struct CamStreamerConfiguration: ServiceConfiguration {
    /// The results queue (PULL side).
    struct Results: Codable, Sendable, Hashable {
        /// Endpoints to listen on for targeting results.
        var bind: [String] = ["tcp://*:5805"]
        /// Endpoints to connect to instead (when targeting binds).
        var connect: [String] = []
        /// `latest` (only the newest result; what overlays need) or `queue` (every result, in order).
        var mode: String = "latest"
        /// Results waiting at most, in `queue` mode.
        var depth: Int = 100
        /// Results older than this are shown as stale.
        var staleAfterSeconds: Double = 0.5

        var consumerMode: ConsumerMode { self.mode == "queue" ? .queue(depth: self.depth) : .latest }
        var endpoints: Endpoints { Endpoints(bind: self.bind, connect: self.connect) }
    }

    var service = ServiceSection(name: "camstreamer", control: "tcp://*:5802")
    var results = Results()

    func validate() throws(ConfigError) {
        guard ["latest", "queue"].contains(self.results.mode) else {
            throw .invalid("results.mode must be `latest` or `queue`, not `\(self.results.mode)`")
        }
        guard (1...100_000).contains(self.results.depth) else { throw .invalid("results.depth must be 1...100000") }
        guard !self.results.bind.isEmpty || !self.results.connect.isEmpty else {
            throw .invalid("results needs a `bind` or `connect` endpoint")
        }
        guard self.results.staleAfterSeconds > 0 else { throw .invalid("results.stale_after_seconds must be > 0") }
    }
}
