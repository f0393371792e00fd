import ServiceRuntime
import Supervision
import Testing

/// Which endpoint `control tap TARGET` connects to.
struct TapStackEndpointTests {
    @Test func anEndpointIsUsedAsGiven() throws {
        #expect(try StackConfiguration().tapEndpoint(for: "tcp://jetson:5806") == "tcp://jetson:5806")
    }

    @Test func aServiceNameTakesItsTapFromTheStack() throws {
        #expect(try StackConfiguration().tapEndpoint(for: "targeting") == "tcp://127.0.0.1:5806")
    }

    @Test func aServiceWithoutTapOrAnUnknownOneIsAnErrorNamingTheFix() {
        #expect(throws: ConfigError.self) { try StackConfiguration().tapEndpoint(for: "camstreamer") }
        #expect(throws: ConfigError.self) { try StackConfiguration().tapEndpoint(for: "nosuch") }
        do {
            _ = try StackConfiguration().tapEndpoint(for: "camstreamer")
        } catch {
            #expect("\(error)".contains("results.tap_endpoint"))
        }
    }
}
