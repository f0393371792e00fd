import Foundation
import TestSupport

/// CURVE key pairs written by the real `control keygen` into a temporary directory: one per service, the operator
/// and a stranger (whose key no service lists). Call ``remove()`` when done.
struct CurveKeys {
    let directory: URL

    static func make(_ names: [String] = ["targeting", "camstreamer", "operator", "stranger"]) async throws -> CurveKeys {
        let directory = try TemporaryDirectory.make("curve-keys")
        for name in names {
            let run = try await runControl(["keygen", "--out", directory.path, "--name", name])
            guard run.status == 0 else { throw TestFailure("control keygen \(name) failed: \(run.output)") }
        }
        return CurveKeys(directory: directory)
    }

    func secret(_ name: String) -> String { self.directory.appendingPathComponent("\(name).key").path }
    func pub(_ name: String) -> String { self.directory.appendingPathComponent("\(name).pub").path }

    /// `--set` arguments giving service `name` its key pair, the operator on control, and for the results channel
    /// either the senders it admits (camstreamer) or the key of the service it connects to (targeting).
    func serviceArguments(_ name: String) -> [String] {
        var arguments = [
            "--set", "security.secret_key_file=\(self.secret(name))",
            "--set", "security.control.authorized_keys=[\"\(self.pub("operator"))\"]",
        ]
        if name == "camstreamer" {
            arguments += ["--set", "security.results.authorized_keys=[\"\(self.pub("targeting"))\"]"]
        } else {
            arguments += ["--set", "security.results.server_key_file=\(self.pub("camstreamer"))"]
        }
        return arguments
    }

    func remove() {
        try? FileManager.default.removeItem(at: self.directory)
    }
}
