import Bus
import Localization
import Logging
import NetworkTables
import Recording
public import ServiceLifecycle
public import ServiceRuntime
public import Vision

/// A targeting service built from its configuration: the results channel (and its tap mirror), the field
/// localizer, the NetworkTables publishers, the recorder and the worker, in the order they must run.
public struct TargetingAssembly: Sendable {
    /// The worker, whose figures go to status.
    public let worker: TargetingWorker
    /// The services to run: the NetworkTables client first, so it stops last, after the final result was
    /// published; then PhotonVision's time sync; then the worker.
    public let services: [any Service]

    /// Builds every part from `config`, bound as `runtime`'s security allows.
    /// - Parameter calibration: the camera's calibration when it is not `config`'s (a recording's); nil: load
    ///   `config`'s.
    /// - Throws: ``ServiceRuntime/RuntimeError/setupFailed(what:_:)`` naming the part that failed.
    public init(
        config: TargetingConfiguration,
        runtime: ServiceRuntime,
        calibration given: CameraCalibration? = nil
    ) throws(RuntimeError) {
        let logger = runtime.logger
        let calibration: CameraCalibration?
        if let given {
            calibration = given
        } else {
            calibration = try Self.setUp("calibration") { try config.loadCalibration() }
        }
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

    /// Builds the service from `config` and runs it until it is stopped (`targeting`, `targeting replay --publish`);
    /// exits with code 2 and one line when a part cannot be set up.
    /// - Returns: false when the service stopped with an error (logged).
    public static func run(_ config: TargetingConfiguration, calibration: CameraCalibration? = nil) async -> Bool {
        let runtime = ServiceLauncher.runtime(for: config)
        let targeting: TargetingAssembly
        do {
            targeting = try TargetingAssembly(config: config, runtime: runtime, calibration: calibration)
        } catch {
            ServiceLauncher.fail(error.description)
        }
        runtime.status.report { targeting.worker.figures() }
        runtime.status.markReady()
        do {
            try await runtime.run(targeting.services)
            return true
        } catch {
            runtime.logger.error("\(error)")
            return false
        }
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
