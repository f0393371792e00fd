import Glibc
import ServiceRuntime
import Supervision
import Testing

/// The `restart` key of a stack entry.
struct RestartPolicyTests {
    @Test(arguments: [
        (RestartPolicy.always, ChildTermination.exited(0), true),
        (.always, .signaled(SIGKILL), true),
        (.onFailure, .exited(0), false),
        (.onFailure, .exited(1), true),
        (.onFailure, .signaled(SIGKILL), true),
        (.never, .exited(1), false),
    ])
    func decidesFromHowTheChildEnded(policy: RestartPolicy, termination: ChildTermination, restarts: Bool) {
        #expect(policy.restarts(after: termination) == restarts)
    }

    /// A `--set` override listing one service `a` with `restart: policy`.
    static func override(restart policy: String) -> String {
        "services=[{name: a, control: \"tcp://127.0.0.1:1\", host: local, executable: a, arguments: [], "
            + "grace_period_seconds: 1, restart: \(policy)}]"
    }

    static var loader: ConfigLoader<StackConfiguration> { ConfigLoader(environmentPrefix: "CONTROL_TEST") }

    @Test func theStackFileSpellsThePoliciesAsBefore() throws {
        let stack = try Self.loader.load(file: nil, environment: [:], overrides: [Self.override(restart: "never")])
        #expect(stack.services.map(\.restart) == [.never])
        #expect(try Self.loader.defaultsYAML().contains("restart: on-failure"))
    }

    @Test func anUnknownPolicyIsAnErrorThatNamesTheKeyAndTheChoices() {
        #expect {
            try Self.loader.load(file: nil, environment: [:], overrides: [Self.override(restart: "sometimes")])
        } throws: { error in
            let text = "\(error)"
            return text.contains("services.0.restart") && text.contains("use always, on-failure or never")
        }
    }
}
