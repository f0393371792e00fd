import ArgumentParser
import Foundation

/// The peers every bus figure is compared with, run in the same session: raw C libzmq
/// (`../shared/baselines/zmq_raw.c`, compiled here, never copied) and Python `multiprocessing.Queue`.
enum Baselines {
    /// Round trips the raw C peer times: a fixed count in `zmq_raw.c`, so the bus is timed over as many.
    static let rawCRoundTrips = 20_000

    struct RawC {
        var messagesPerSecond: Double
        var rttP50: Double
        var rttP99: Double
    }

    struct MultiprocessingQueue {
        var messagesPerSecond: Double
        var rttP50: Double
    }

    /// Compiles `zmq_raw.c` from `folder` into a temporary file; the caller removes it.
    static func compileRawC(_ folder: URL) throws -> URL {
        let binary = FileManager.default.temporaryDirectory.appendingPathComponent("zmq_raw-\(getpid())")
        let compile = try ChildProcess.run(
            "/usr/bin/env",
            ["cc", "-O2", "-o", binary.path, folder.appendingPathComponent("zmq_raw.c").path, "-lzmq"]
        )
        guard compile.status == 0 else { throw ValidationError("compiling zmq_raw.c failed:\n\(compile.output)") }
        return binary
    }

    /// Runs the compiled raw C peer: `messages` PUSH/PULL messages of `size` bytes, then its PAIR round trips.
    /// - Parameter oneCore: the peer (both of its processes) on CPU 0, as ``onOneCore(_:_:)``.
    static func rawC(_ binary: URL, messages: Int, size: Int, oneCore: Bool = false) throws -> RawC {
        let arguments = ["tcp://127.0.0.1:15590", String(messages), String(size)]
        let run = oneCore
            ? try ChildProcess.run("/usr/bin/env", Self.onOneCore(binary.path, arguments))
            : try ChildProcess.run(binary.path, arguments)
        guard run.status == 0,
            let rate = Self.number(after: "B: ", in: run.output),
            let median = Self.number(after: "median ", in: run.output),
            let p99 = Self.number(after: "p99 ", in: run.output)
        else { throw ValidationError("unexpected output from zmq_raw:\n\(run.output)") }
        return RawC(messagesPerSecond: rate, rttP50: median, rttP99: p99)
    }

    /// `env` arguments that run `executable` with `arguments` on CPU 0 alone (`taskset`), children included: the
    /// producer, the consumer and their libzmq I/O threads then share one core, so throughput follows the CPU work
    /// per message: about ±7 % from round to round in one run, where unpinned rounds (which thread runs ahead
    /// decides how libzmq batches) varied by up to 3x.
    static func onOneCore(_ executable: String, _ arguments: [String]) -> [String] {
        ["taskset", "--cpu-list", "0", executable] + arguments
    }

    /// Runs `mpqueue-bytes.py` from `folder`: `messages` messages of `size` bytes, then its round trips.
    static func multiprocessingQueue(_ folder: URL, messages: Int, size: Int) throws -> MultiprocessingQueue {
        let run = try ChildProcess.run(
            "/usr/bin/env",
            ["python3", folder.appendingPathComponent("mpqueue-bytes.py").path, String(messages), String(size)]
        )
        guard run.status == 0,
            let rate = Self.number(after: "throughput: ", in: run.output),
            let median = Self.number(after: "median ", in: run.output)
        else { throw ValidationError("unexpected output from mpqueue-bytes.py:\n\(run.output)") }
        return MultiprocessingQueue(messagesPerSecond: rate, rttP50: median)
    }

    /// The Python version the multiprocessing.Queue peer runs on.
    static func pythonVersion() throws -> String {
        let run = try ChildProcess.run("/usr/bin/env", ["python3", "-c", "import platform; print(platform.python_version())"])
        return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The number (commas allowed) right after the first `marker` in `text`.
    static func number(after marker: String, in text: String) -> Double? {
        guard let range = text.range(of: marker) else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber || $0 == "." || $0 == "," }
        return Double(digits.replacingOccurrences(of: ",", with: ""))
    }
}
