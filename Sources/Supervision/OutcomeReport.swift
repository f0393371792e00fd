public import Bus
import Foundation
import WireFormat

/// One service's answer to a control request, formatted for people and for scripts.
public struct OutcomeReport: Sendable {
    public let name: String
    public let endpoint: String
    public let outcome: ControlClient.Outcome

    public init(name: String, endpoint: String, outcome: ControlClient.Outcome) {
        self.name = name
        self.endpoint = endpoint
        self.outcome = outcome
    }

    /// Whether the service answered.
    public var replied: Bool { self.outcome.reply != nil }

    /// The answer to a stop: `targeting: stop acknowledged in 3.1 ms`.
    public var stopLine: String {
        switch self.outcome {
        case .replied(_, let attempts, let milliseconds):
            "\(self.name): stop acknowledged in \(String(format: "%.1f", milliseconds)) ms"
                + (attempts > 1 ? " (attempt \(attempts))" : "")
        case .noReply(let attempts):
            "\(self.name): NO ACKNOWLEDGEMENT from \(self.endpoint) after \(attempts) attempts (down or unreachable?)"
        case .invalidEndpoint(let error): "\(self.name): invalid endpoint \(self.endpoint): \(error)"
        case .refused(let reason, _): "\(self.name): REFUSED by \(self.endpoint): \(reason)"
        }
    }

    /// The answer to a status request: `targeting: ready pid 1234 up 3m5s (answered in 1.2 ms) fps=30`.
    public var statusLine: String {
        if case .refused(let reason, _) = self.outcome { return "\(self.name): REFUSED by \(self.endpoint): \(reason)" }
        guard case .replied(let message, _, let milliseconds) = self.outcome, case .status(let status) = message.payload
        else {
            return "\(self.name): DOWN (no answer from \(self.endpoint))"
        }
        let figures = status.figures.map { "\($0.name)=\(Self.format($0.value))" }.joined(separator: " ")
        return "\(self.name): \(status.state) pid \(status.processID) up \(Self.uptime(status.uptimeMilliseconds)) "
            + "(answered in \(String(format: "%.1f", milliseconds)) ms) \(figures)"
    }

    /// The report as `control stop` (`stop: true`) or `control status` prints it: JSON, or a line per service.
    public static func text(_ report: [OutcomeReport], json: Bool, stop: Bool) -> String {
        if json { return Self.json(report, key: stop ? "stopped" : "services") }
        return report.map { stop ? $0.stopLine : $0.statusLine }.joined(separator: "\n")
    }

    /// A JSON object `{key: {name: {...}}}` for `--json`.
    public static func json(_ reports: [OutcomeReport], key: String) -> String {
        var services: [String: Any] = [:]
        for report in reports {
            var entry: [String: Any] = ["endpoint": report.endpoint, "ok": report.replied]
            if case .replied(let message, let attempts, let milliseconds) = report.outcome {
                entry["attempts"] = attempts
                entry["milliseconds"] = milliseconds
                if case .status(let status) = message.payload {
                    entry["state"] = status.state.description
                    entry["pid"] = status.processID
                    entry["uptime_ms"] = status.uptimeMilliseconds
                    entry["figures"] = Dictionary(status.figures.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
                }
            } else if case .invalidEndpoint(let error) = report.outcome {
                entry["error"] = error.description
            } else if case .refused(let reason, _) = report.outcome {
                entry["error"] = reason
            }
            services[report.name] = entry
        }
        let object: [String: Any] = [key: services, "ok": reports.allSatisfy(\.replied)]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
    }

    private static func uptime(_ milliseconds: UInt64) -> String {
        let seconds = milliseconds / 1000
        return seconds >= 3600 ? "\(seconds / 3600)h\(seconds % 3600 / 60)m" : seconds >= 60 ? "\(seconds / 60)m\(seconds % 60)s" : "\(seconds)s"
    }
}
