/// What became of each service when the supervisor stopped the stack, as logged in the stop summary.
public struct StopSummary: Sendable, Equatable {
    /// One line per service of the stack, in stack order: `targeting: acknowledged and stopped`.
    public let lines: [String]
    /// Whether every service stopped through the stop channel (no signal needed, no remote service silent).
    public let clean: Bool

    /// - Parameters:
    ///   - services: the stack's services, in order.
    ///   - acknowledged: whether each service acknowledged the stop, in the same order.
    ///   - local: how each local child ended, by name; services that are not local children are absent.
    public init(
        services: [StackConfiguration.Entry],
        acknowledged: [Bool],
        local: [String: SupervisedChild.StopOutcome]
    ) {
        var lines: [String] = []
        var clean = true
        for (entry, replied) in zip(services, acknowledged) {
            let outcome = local[entry.name]
            let line: String
            switch (replied, outcome) {
            case (true, .some(.acknowledged)), (true, nil): line = "acknowledged and stopped"
            case (false, .some(.acknowledged)): line = "exited (no acknowledgement received)"
            case (_, .some(let outcome)): line = outcome.rawValue
            case (false, nil): line = "NO ACKNOWLEDGEMENT (remote service down or unreachable)"
            }
            if outcome == .terminated || outcome == .killed || (outcome == nil && !replied) { clean = false }
            lines.append("\(entry.name): \(line)")
        }
        self.lines = lines
        self.clean = clean
    }
}
