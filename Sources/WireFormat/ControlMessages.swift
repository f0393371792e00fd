/// Where a service is in its life, as it reports it over its control channel.
public enum ServiceState: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Up, but not yet doing its work (opening cameras, connecting peers).
    case starting = 1
    /// Doing its work.
    case ready = 2
    /// Acknowledged a stop and is finishing its current unit of work.
    case stopping = 3

    public var description: String {
        switch self {
        case .starting: "starting"
        case .ready: "ready"
        case .stopping: "stopping"
        }
    }
}

/// Ask a service to stop. Payload: stop id, `u64`.
///
/// The id lets a sender match the acknowledgement and lets retries be idempotent.
public struct StopRequest: Hashable, Sendable {
    public var stopID: UInt64

    public init(stopID: UInt64) {
        self.stopID = stopID
    }
}

/// A service's answer to ``StopRequest``. Payload: stop id `u64`, state `u8` (``ServiceState``).
public struct StopAcknowledgement: Hashable, Sendable {
    public var stopID: UInt64
    public var state: ServiceState

    public init(stopID: UInt64, state: ServiceState) {
        self.stopID = stopID
        self.state = state
    }
}

/// Ask a service for its status. Payload: request id, `u64`.
public struct StatusRequest: Hashable, Sendable {
    public var requestID: UInt64

    public init(requestID: UInt64) {
        self.requestID = requestID
    }
}

/// A service's heartbeat: its state, process and figures.
///
/// Payload: request id `u64` (0 when unsolicited), state `u8`, pid `u32`, uptime in milliseconds `u64`,
/// figure count `u8`, then per figure a name (`u8` length + UTF-8) and a value `f64`.
public struct ServiceStatus: Hashable, Sendable {
    /// A named number the service reports, such as `fps` or `dropped`.
    public struct Figure: Hashable, Sendable {
        public var name: String
        public var value: Double

        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }

    /// The most figures a status carries.
    public static let maxFigures = 32
    /// The largest encoded status payload: every figure at the longest name.
    static let maxEncodedSize = 22 + Self.maxFigures * (1 + Self.maxFigureNameLength + 8)
    /// Longest figure name, in UTF-8 bytes.
    static let maxFigureNameLength = 64

    public var requestID: UInt64
    public var state: ServiceState
    public var processID: UInt32
    public var uptimeMilliseconds: UInt64
    public var figures: [Figure]

    public init(
        requestID: UInt64,
        state: ServiceState,
        processID: UInt32,
        uptimeMilliseconds: UInt64,
        figures: [Figure] = []
    ) {
        self.requestID = requestID
        self.state = state
        self.processID = processID
        self.uptimeMilliseconds = uptimeMilliseconds
        self.figures = Array(figures.prefix(Self.maxFigures))
    }

    /// The value of the figure called `name`, if reported.
    public subscript(figure name: String) -> Double? {
        self.figures.first { $0.name == name }?.value
    }
}

extension ServiceState {
    init(decoding reader: inout ByteReader) throws(WireFormatError) {
        let raw = try reader.read(UInt8.self)
        guard let state = ServiceState(rawValue: raw) else { throw .invalidField("unknown service state \(raw)") }
        self = state
    }
}

extension ServiceStatus {
    func encode(into writer: inout ByteWriter) {
        writer.write(self.requestID)
        writer.write(self.state.rawValue)
        writer.write(self.processID)
        writer.write(self.uptimeMilliseconds)
        let figures = self.figures.prefix(Self.maxFigures)
        writer.write(UInt8(figures.count))
        for figure in figures {
            writer.writeShortString(figure.name, maxLength: Self.maxFigureNameLength)
            writer.write(figure.value)
        }
    }

    init(decoding reader: inout ByteReader) throws(WireFormatError) {
        let requestID = try reader.read(UInt64.self)
        let state = try ServiceState(decoding: &reader)
        let processID = try reader.read(UInt32.self)
        let uptime = try reader.read(UInt64.self)
        let count = Int(try reader.read(UInt8.self))
        guard count <= Self.maxFigures else { throw .invalidField("figure count \(count) exceeds \(Self.maxFigures)") }
        var figures: [Figure] = []
        figures.reserveCapacity(count)
        for _ in 0..<count {
            figures.append(Figure(name: try reader.readShortString(), value: try reader.readDouble()))
        }
        self.init(requestID: requestID, state: state, processID: processID, uptimeMilliseconds: uptime, figures: figures)
    }
}
