import ServiceRuntime
import Supervision
import Testing

/// The stack file: its checks and how services are picked by name.
struct StackConfigurationTests {
    static func entry(_ name: String, control: String = "tcp://127.0.0.1:1", grace: Double = 3) -> StackConfiguration.Entry {
        StackConfiguration.Entry(name: name, control: control, executable: name, gracePeriodSeconds: grace)
    }

    /// The `invalid` message `stack` is rejected with, or `nil` when it is valid.
    static func problem(_ stack: StackConfiguration) -> String? {
        do {
            try stack.validate()
            return nil
        } catch {
            return error.description
        }
    }

    @Test func theDefaultStackIsValidAndLocal() {
        let stack = StackConfiguration()
        #expect(Self.problem(stack) == nil)
        #expect(stack.services.map(\.name) == ["targeting", "camstreamer"])
        #expect(stack.services.allSatisfy { $0.host == "local" && $0.restart == .onFailure })
    }

    @Test func restartSettingsMustMakeSense() {
        var stack = StackConfiguration()
        stack.restarts.maxDelaySeconds = stack.restarts.initialDelaySeconds / 2
        #expect(Self.problem(stack)?.contains("max >= initial") == true)
        stack = StackConfiguration()
        stack.restarts.crashLimit = 0
        #expect(Self.problem(stack)?.contains("crash_limit >= 1") == true)
        stack = StackConfiguration()
        stack.restarts.windowSeconds = 0
        #expect(Self.problem(stack)?.contains("window_seconds > 0") == true)
        stack.restarts.windowSeconds = .infinity
        #expect(Self.problem(stack)?.contains("at most 86400") == true)
        stack = StackConfiguration()
        stack.restarts.maxDelaySeconds = 1e300
        #expect(Self.problem(stack)?.contains("at most 86400") == true)
    }

    @Test func eachServiceIsListedOnceWithAnEndpointAndAGracePeriod() {
        var stack = StackConfiguration()
        stack.services = [Self.entry("a"), Self.entry("a")]
        #expect(Self.problem(stack)?.contains("service `a` is listed twice") == true)
        stack.services = [Self.entry("a", control: "127.0.0.1:1")]
        #expect(Self.problem(stack)?.contains("services.a.control `127.0.0.1:1` is not an endpoint") == true)
        stack.services = [Self.entry("a", grace: 0)]
        #expect(Self.problem(stack)?.contains("services.a.grace_period_seconds must be > 0") == true)
        stack.services = [Self.entry("a", grace: 1e300)]
        #expect(Self.problem(stack)?.contains("services.a.grace_period_seconds must be > 0 and at most 86400") == true)
    }

    @Test func servicesArePickedByNameInTheOrderAsked() throws {
        var stack = StackConfiguration()
        stack.services = [Self.entry("a"), Self.entry("b"), Self.entry("c")]
        #expect(try stack.entries(named: []).map(\.name) == ["a", "b", "c"])
        #expect(try stack.entries(named: ["c", "a"]).map(\.name) == ["c", "a"])
        #expect {
            try stack.entries(named: ["a", "z"])
        } throws: { error in
            "\(error)".contains("no service `z` in the stack; known: a, b, c")
        }
    }
}
