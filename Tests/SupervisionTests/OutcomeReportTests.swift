import Bus
import Foundation
import Supervision
import Testing
import WireFormat

/// `control stop` and `control status` output, for people and for scripts.
struct OutcomeReportTests {
    static func header() -> MessageHeader {
        MessageHeader(type: .status, sequence: 0, sentAt: 0, sender: "a")
    }

    static let status = ServiceStatus(
        requestID: 1,
        state: .ready,
        processID: 4242,
        uptimeMilliseconds: 3_725_000,
        figures: [.init(name: "fps", value: 29.84), .init(name: "results_sent", value: 120)]
    )

    static func replied(_ payload: BusMessage.Payload, attempts: Int = 1) -> ControlClient.Outcome {
        .replied(BusMessage(header: Self.header(), payload: payload), attempts: attempts, milliseconds: 3.14)
    }

    @Test func aStopAnswerSaysHowLongItTookAndAfterHowManyAttempts() {
        let ack = BusMessage.Payload.stopAcknowledgement(StopAcknowledgement(stopID: 7, state: .stopping))
        #expect(OutcomeReport(name: "a", endpoint: "tcp://h:1", outcome: Self.replied(ack)).stopLine == "a: stop acknowledged in 3.1 ms")
        #expect(
            OutcomeReport(name: "a", endpoint: "tcp://h:1", outcome: Self.replied(ack, attempts: 3)).stopLine
                == "a: stop acknowledged in 3.1 ms (attempt 3)"
        )
        let missing = OutcomeReport(name: "a", endpoint: "tcp://h:1", outcome: .noReply(attempts: 4))
        #expect(missing.stopLine == "a: NO ACKNOWLEDGEMENT from tcp://h:1 after 4 attempts (down or unreachable?)")
        #expect(!missing.replied)
    }

    @Test func aStatusAnswerShowsStatePidUptimeAndFigures() {
        let report = OutcomeReport(name: "a", endpoint: "tcp://h:1", outcome: Self.replied(.status(Self.status)))
        #expect(report.statusLine == "a: ready pid 4242 up 1h2m (answered in 3.1 ms) fps=29.84 results_sent=120")
        #expect(OutcomeReport(name: "b", endpoint: "tcp://h:2", outcome: .noReply(attempts: 2)).statusLine == "b: DOWN (no answer from tcp://h:2)")
    }

    @Test func theJSONHasAnEntryPerServiceAndAnOverallVerdict() throws {
        let reports = [
            OutcomeReport(name: "a", endpoint: "tcp://h:1", outcome: Self.replied(.status(Self.status))),
            OutcomeReport(name: "b", endpoint: "tcp://h:2", outcome: .noReply(attempts: 2)),
        ]
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(OutcomeReport.json(reports, key: "services").utf8)) as? [String: Any]
        )
        #expect(object["ok"] as? Bool == false)
        let services = try #require(object["services"] as? [String: [String: Any]])
        #expect(services["a"]?["ok"] as? Bool == true)
        #expect(services["a"]?["state"] as? String == "ready")
        #expect(services["a"]?["pid"] as? Int == 4242)
        #expect(services["a"]?["uptime_ms"] as? Int == 3_725_000)
        #expect((services["a"]?["figures"] as? [String: Double])?["fps"] == 29.84)
        #expect(services["b"]?["ok"] as? Bool == false)
        #expect(services["b"]?["endpoint"] as? String == "tcp://h:2")
    }
}
