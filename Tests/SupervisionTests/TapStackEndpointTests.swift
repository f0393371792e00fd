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

    @Test func anEntryThatLeavesOutItsTapTakesTheDefaultOfItsOwnNameNotTheFirstEntrys() throws {
        let text = """
            services:
              - name: targeting
                control: tcp://jetson:5801
              - name: camstreamer
                control: tcp://jetson:5802
              - name: spare
                control: tcp://jetson:5803
            """
        let stack = try ConfigDocument.decode(
            StackConfiguration.self, from: text, source: "stack", defaults: StackConfiguration()
        )
        #expect(stack.services.map(\.control) == ["tcp://jetson:5801", "tcp://jetson:5802", "tcp://jetson:5803"])
        #expect(try stack.tapEndpoint(for: "targeting") == "tcp://127.0.0.1:5806")
        #expect(throws: ConfigError.self) { try stack.tapEndpoint(for: "camstreamer") }
        #expect(stack.services[1].executable == StackConfiguration().services[1].executable)
        // A name the defaults do not have takes the first entry's defaults.
        #expect(stack.services[2].executable == StackConfiguration().services[0].executable)
    }
}
