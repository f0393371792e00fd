/// The budget controller's view after an adjustment: what it allows and why.
public struct BudgetStatus: Hashable, Sendable, Codable {
    /// One stream's part of the budget.
    public struct Stream: Hashable, Sendable, Codable {
        /// The stream's name.
        public var name: String
        /// Its clients.
        public var clients: Int
        /// The settings chosen.
        public var settings: StreamSettings
        /// The stream's share of the budget, bits per second (all its clients together).
        public var allowanceBitsPerSecond: Double
        /// The rate predicted at ``settings``, bits per second (all its clients together).
        public var predictedBitsPerSecond: Double
        /// The rate measured while the previous settings were in force, bits per second.
        public var measuredBitsPerSecond: Double
    }

    /// The cap for all streams, bits per second.
    public var budgetBitsPerSecond: Double
    /// Clients over all streams.
    public var totalClients: Int
    /// Sum of the streams' measured rates, bits per second.
    public var measuredBitsPerSecond: Double
    /// Sum of the streams' predicted rates at the chosen settings, bits per second.
    public var predictedBitsPerSecond: Double
    /// Whether even the poorest settings are predicted to exceed the budget.
    public var overBudget: Bool
    /// Per stream.
    public var streams: [Stream]

    /// An empty status (before the first adjustment).
    public static func initial(budgetBitsPerSecond: Double) -> BudgetStatus {
        BudgetStatus(
            budgetBitsPerSecond: budgetBitsPerSecond, totalClients: 0, measuredBitsPerSecond: 0,
            predictedBitsPerSecond: 0, overBudget: false, streams: [])
    }
}
