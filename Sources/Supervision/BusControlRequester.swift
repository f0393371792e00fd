public import Bus
public import WireFormat

/// Status and stop requests over the stop channel, through ``Bus/ControlClient``.
public struct BusControlRequester: ControlRequester {
    /// The name written in request headers.
    private let sender: String
    /// How long a status round may take (the supervisor asks again soon after).
    private let statusTimeoutMilliseconds: Int
    /// CURVE per endpoint (``ControlKeys``).
    private let security: [String: SocketSecurity]

    public init(
        sender: String = "control-up",
        statusTimeoutMilliseconds: Int = 500,
        security: [String: SocketSecurity] = [:]
    ) {
        self.sender = sender
        self.statusTimeoutMilliseconds = statusTimeoutMilliseconds
        self.security = security
    }

    public func status(of endpoints: [String]) async -> [ServiceStatus?] {
        let options = ControlClient.Options(timeoutMilliseconds: self.statusTimeoutMilliseconds)
        let client = ControlClient(sender: self.sender, options: options, security: self.security)
        return await client.status(endpoints).map { outcome in
            if case .status(let status)? = outcome.reply?.payload { status } else { nil }
        }
    }

    public func stop(_ endpoints: [String], timeoutSeconds: Double) async -> [Bool] {
        let client = ControlClient(
            sender: self.sender, options: .init(timeoutMilliseconds: Int(timeoutSeconds * 1000)), security: self.security
        )
        return await client.stop(endpoints).map { $0.reply != nil }
    }
}
