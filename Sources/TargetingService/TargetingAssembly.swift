import Bus
import Localization
import Logging
import NetworkTables
import Recording
public import ServiceLifecycle
public import ServiceRuntime
import Vision

/// A targeting service built from its configuration: the results channel (and its tap mirror), the field
/// localizer, the NetworkTables publishers, the recorder and the worker, in the order they must run.
public struct TargetingAssembly: Sendable {
    /// The worker, whose figures go to status.
    public let worker: TargetingWorker
    /// The services to run: the NetworkTables client first, so it stops last, after the final result was
    /// published; then PhotonVision's time sync; then the worker.
    public let services: [any Service]

    /// Builds every part from `config`, bound as `runtime`'s security allows.
    /// - Throws: ``ServiceRuntime/RuntimeError/setupFailed(what:_:)`` naming the part that failed.
    public init(config: TargetingConfiguration, runtime: ServiceRuntime) throws(RuntimeError) {
        let logger = runtime.logger
        let calibration = try Self.setUp("calibration") { try config.loadCalibration() }
        let counters = ChannelCounters()
        // Each socket and the localizer are handed to the worker's thread as soon as they are made.
        let sender = try Self.setUp("cannot open the results channel") {
            Handoff(try config.makeSender(counters: counters, channel: try runtime.security.results(config.results.endpoints)))
        }
        let mirror = try Self.setUp("cannot open the results tap") { () throws -> Handoff<MessageMirror?> in
            let mirror = try config.makeMirror(security: runtime.security)
            if let mirror {
                logger.info("results mirrored for control tap", metadata: ["tap": "\(mirror.boundEndpoint)"])
            }
            return Handoff(mirror)
        }
        let localizer = try Self.setUp("field") { Handoff(try config.makeLocalizer(calibration: calibration)) }
        let client = NT4Client(configuration: config.networktables.server, logger: logger)
        let (table, photon) = try Self.setUp("cannot publish the NetworkTables topics") {
            (
                try config.makeTablePublisher(client: client),
                try config.makePhotonPublisher(client: client, calibration: calibration, logger: logger)
            )
        }
        let recorder = try Self.setUp("record") {
            try config.makeRecorder(client: client, calibration: calibration, logger: logger)
        }
        self.worker = TargetingWorker(
            config: config,
            calibration: calibration,
            sender: sender,
            mirror: mirror,
            localizer: localizer,
            senderCounters: counters,
            table: table,
            photon: photon,
            recorder: recorder,
            logger: logger
        )
        self.services = [client] + (photon?.timeSync.map { [$0] } ?? []) + [self.worker]
    }

    /// Runs `body`, turning its error into ``RuntimeError/setupFailed(what:_:)``.
    private static func setUp<Value>(_ what: String, _ body: () throws -> Value) throws(RuntimeError) -> Value {
        do {
            return try body()
        } catch {
            throw .setupFailed(what: what, error)
        }
    }
}
