import ArgumentParser
import Bus
import ServiceRuntime

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Write a new CURVE key pair: NAME.key (secret, mode 0600) and NAME.pub (share this one).",
        discussion: "Refuses to overwrite an existing key. Format and use: docs/security.md."
    )

    @Option(help: ArgumentHelp("Directory to write the two files into (created if missing).", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("The key's name: a service (targeting), an operator (alice), the supervisor.", valueName: "name"))
    var name: String

    func run() throws {
        let written: (secret: String, public: String)
        do { written = try KeyFile.generate(name: self.name, inDirectory: self.out) } catch { ServiceLauncher.fail(error.description) }
        print("wrote \(written.secret) (secret, mode 0600) and \(written.public)")
    }
}
