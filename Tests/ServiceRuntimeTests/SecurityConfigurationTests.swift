import Bus
import Foundation
import Logging
import TestSupport
import Testing

@testable import ServiceRuntime

/// The `security` section: what may be bound without keys, and the configuration errors that name the key to fix.
@Suite struct SecurityConfigurationTests {
    static let logger = Logger(label: "test")

    /// A key directory with `service.key` and `operator.pub`; removed by the caller.
    static func keys() throws -> (directory: URL, section: SecuritySection) {
        let directory = try TemporaryDirectory.make()
        try KeyFile.generate(name: "service", inDirectory: directory.path)
        try KeyFile.generate(name: "operator", inDirectory: directory.path + "/operators")
        try KeyFile.generate(name: "camstreamer", inDirectory: directory.path)
        var section = SecuritySection()
        section.secretKeyFile = directory.path + "/service.key"
        section.control.authorizedKeys = [directory.path + "/operators"]
        section.results.serverKeyFile = directory.path + "/camstreamer.pub"
        return (directory, section)
    }

    @Test func bindExposureTellsLoopbackWildcardAndNetworkApart() {
        for local in ["tcp://127.0.0.1:5801", "tcp://127.3.2.1:1", "tcp://localhost:5801", "tcp://[::1]:5801", "ipc:///run/x", "inproc://a"] {
            #expect(BindExposure(local) == .local, "\(local)")
        }
        #expect(BindExposure("tcp://*:5801") == .wildcard(loopback: "tcp://127.0.0.1:5801"))
        #expect(BindExposure("tcp://0.0.0.0:5805") == .wildcard(loopback: "tcp://127.0.0.1:5805"))
        #expect(BindExposure("tcp://[::]:5805") == .wildcard(loopback: "tcp://127.0.0.1:5805"))
        for network in ["tcp://10.12.34.11:5801", "tcp://eth0:5801", "tcp://127.0.0.1.evil:1", "tcp://198.18.7.1:5801", "tcp://nohost"] {
            #expect(BindExposure(network) == .network, "\(network)")
        }
    }

    @Test func withoutKeysWildcardsBecomeLoopbackAndNetworkAddressesAreRefused() throws {
        let security = try ServiceSecurity(SecuritySection(), logger: Self.logger, context: ZMQContext())
        let wildcard = try security.bind("tcp://*:5801", domain: "control", key: "service.control")
        #expect(wildcard.endpoint == "tcp://127.0.0.1:5801")
        #expect(wildcard.security == .none)
        #expect(try security.bind("ipc:///tmp/x", domain: "control", key: "service.control").endpoint == "ipc:///tmp/x")
        do {
            _ = try security.bind("tcp://198.18.7.1:5801", domain: "control", key: "service.control")
            Issue.record("a network bind without keys was accepted")
        } catch {
            #expect(error.description.contains("service.control"))
            #expect(error.description.contains("security.allow_unauthenticated"))
        }
        let results = try security.results(Endpoints(bind: ["tcp://0.0.0.0:5805"], connect: []))
        #expect(results.endpoints.bind == ["tcp://127.0.0.1:5805"])
        #expect(results.security == .none)
    }

    @Test func allowUnauthenticatedBindsAsConfigured() throws {
        var section = SecuritySection()
        section.allowUnauthenticated = true
        let security = try ServiceSecurity(section, logger: Self.logger, context: ZMQContext())
        #expect(try security.bind("tcp://*:5801", domain: "control", key: "service.control").endpoint == "tcp://*:5801")
        #expect(try security.bind("tcp://198.18.7.1:5801", domain: "control", key: "service.control").endpoint == "tcp://198.18.7.1:5801")
    }

    @Test func withKeysEveryBindIsACurveServerAndConnectsAreClients() async throws {
        let (directory, section) = try Self.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        let security = try ServiceSecurity(section, logger: Self.logger, context: ZMQContext())
        let pair = try KeyFile.keyPair(at: section.secretKeyFile)
        let control = try security.bind("tcp://*:5801", domain: "control", key: "service.control")
        #expect(control.endpoint == "tcp://*:5801")
        #expect(control.security == .server(pair, domain: "control"))
        let sender = try security.results(Endpoints(connect: ["tcp://camstreamer:5805"]))
        let camstreamer = try KeyFile.publicKey(at: section.results.serverKeyFile)
        #expect(sender.security == .client(pair, serverKey: camstreamer))
        // Nobody listed for results: binding it would admit nobody.
        do {
            _ = try security.results(Endpoints(bind: ["tcp://*:5805"]))
            Issue.record("a results bind with nobody authorized was accepted")
        } catch {
            #expect(error.description.contains("security.results.authorized_keys"))
        }
        await security.stop()
    }

    @Test func configurationErrorsNameTheKey() async throws {
        let (directory, section) = try Self.keys()
        defer { try? FileManager.default.removeItem(at: directory) }
        func message(_ section: SecuritySection, _ body: (ServiceSecurity) throws(ConfigError) -> Void = { _ in }) async -> String {
            let security: ServiceSecurity
            do {
                security = try ServiceSecurity(section, logger: Self.logger, context: ZMQContext())
            } catch {
                return error.description
            }
            var text = ""
            do { try body(security) } catch { text = error.description }
            await security.stop()
            return text
        }
        var missing = section
        missing.secretKeyFile = directory.path + "/absent.key"
        #expect(await message(missing).contains("security.secret_key_file"))
        chmod(section.secretKeyFile, 0o644)
        #expect(await message(section).contains("chmod 600"))
        chmod(section.secretKeyFile, 0o600)
        var badList = section
        badList.control.authorizedKeys = [directory.path + "/nothing.pub"]
        #expect(await message(badList).contains("security.control.authorized_keys"))
        var noServerKey = section
        noServerKey.results.serverKeyFile = ""
        #expect(await message(noServerKey) { security throws(ConfigError) in
            _ = try security.results(Endpoints(connect: ["tcp://camstreamer:5805"]))
        }.contains("security.results.server_key_file"))
        var both = section
        both.results.authorizedKeys = [directory.path + "/operators"]
        #expect(await message(both) { security throws(ConfigError) in
            _ = try security.results(Endpoints(bind: ["tcp://*:5805"], connect: ["tcp://x:1"]))
        }.contains("not both"))
    }
}
