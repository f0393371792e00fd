import ServiceLifecycle

/// The supervisor's fixed waits and its back-off pause; the defaults are `control up`'s, tests shorten them.
public struct SupervisionTiming: Sendable {
    /// How long a child gets after SIGTERM before SIGKILL.
    public var sigtermGrace: Duration = .seconds(2)
    /// How long to wait for a child to be reaped after SIGKILL.
    public var sigkillWait: Duration = .seconds(5)
    /// How often a child is checked for having ended.
    public var exitPollInterval: Duration = .milliseconds(10)
    /// A child that ran this long before it ended starts the back-off over from the initial delay.
    public var stableRun: Duration = .seconds(30)
    /// How often the services' status is asked until the whole stack is ready.
    public var statusPollUntilReady: Duration = .milliseconds(200)
    /// How often the services' status is asked once the stack is ready (the live line's refresh).
    public var statusPollWhenReady: Duration = .seconds(1)
    /// How often the status is logged when there is no live status line.
    public var statusLogInterval: Duration = .seconds(10)
    /// Waits out a back-off delay before a restart; returns early when graceful shutdown starts.
    public var backOff: @Sendable (Duration) async -> Void = { delay in
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
    }

    public init() {}
}
