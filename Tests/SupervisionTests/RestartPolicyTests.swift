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

    @Test func theStackFileSpellsThePoliciesAsBefore() throws {
        let stack = try ConfigLoader<StackConfiguration>(environmentPrefix: "CONTROL_TEST").load(
            file: nil,
            environment: [:],
            overrides: ["services=[{name: a, control: \"tcp://127.0.0.1:1\", host: local, executable: a, arguments: [], grace_period_seconds: 1, restart: never}]"]
        )
        #expect(stack.services.map(\.restart) == [.never])
        #expect(try ConfigLoader<StackConfiguration>(environmentPrefix: "CONTROL_TEST").defaultsYAML().contains("restart: on-failure"))
    }

    @Test func anUnknownPolicyIsAnErrorThatNamesTheKeyAndTheChoices() {
        #expect {
            try ConfigLoader<StackConfiguration>(environmentPrefix: "CONTROL_TEST").load(
                file: nil,
                environment: [:],
                overrides: ["services=[{name: a, control: \"tcp://127.0.0.1:1\", host: local, executable: a, arguments: [], grace_period_seconds: 1, restart: sometimes}]"]
            )
        } throws: { error in
            let text = "\(error)"
            return text.contains("services.0.restart") && text.contains("use always, on-failure or never")
        }
    }
}
