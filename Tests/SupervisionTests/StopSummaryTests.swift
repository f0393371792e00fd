import Supervision
import Testing

/// The stop summary `control up` logs once the stack has stopped.
struct StopSummaryTests {
    static let services = ["local", "remote"].map { name in
        StackConfiguration.Entry(name: name, control: "tcp://127.0.0.1:1", host: name == "local" ? "local" : "jetson", executable: name)
    }

    @Test func servicesThatAcknowledgedAndExitedStoppedCleanly() {
        let summary = StopSummary(services: Self.services, acknowledged: [true, true], local: ["local": .acknowledged])
        #expect(summary.lines == ["local: acknowledged and stopped", "remote: acknowledged and stopped"])
        #expect(summary.clean)
    }

    @Test(arguments: [
        (SupervisedChild.StopOutcome.terminated, "local: did not stop in its grace period: needed SIGTERM"),
        (.killed, "local: ignored SIGTERM too: needed SIGKILL"),
    ])
    func aChildThatNeededASignalMakesTheStopUnclean(outcome: SupervisedChild.StopOutcome, line: String) {
        let summary = StopSummary(services: Self.services, acknowledged: [false, true], local: ["local": outcome])
        #expect(summary.lines.first == line)
        #expect(!summary.clean)
    }

    @Test func aChildThatExitedWithoutAnAcknowledgementStillStoppedCleanly() {
        let summary = StopSummary(services: Self.services, acknowledged: [false, true], local: ["local": .acknowledged])
        #expect(summary.lines.first == "local: exited (no acknowledgement received)")
        #expect(summary.clean)
    }

    @Test func aSilentRemoteServiceMakesTheStopUnclean() {
        let summary = StopSummary(services: Self.services, acknowledged: [true, false], local: ["local": .acknowledged])
        #expect(summary.lines.last == "remote: NO ACKNOWLEDGEMENT (remote service down or unreachable)")
        #expect(!summary.clean)
    }

    @Test func aChildThatWasNotRunningIsSaidSo() {
        let summary = StopSummary(services: Self.services, acknowledged: [false, true], local: ["local": .notRunning])
        #expect(summary.lines.first == "local: was not running")
        #expect(summary.clean)
    }
}
