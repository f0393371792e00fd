import Foundation
import ServiceRuntime
import Testing

@testable import NetworkTables

struct ConfigurationTests {
    @Test func emptyObjectsDecodeToDefaults() throws {
        let decoded = try ConfigDocument.decode(
            NetworkTablesConfiguration.self, from: "{}", source: "test", defaults: NetworkTablesConfiguration()
        )
        #expect(decoded == NetworkTablesConfiguration())
        #expect(decoded.server.port == 5810)
        #expect(decoded.server.enabled)
        #expect(decoded.targetingTable.rootTable == "/vision")
        #expect(decoded.targetingTable.seedTable == nil)
        #expect(decoded.cameraPublisher.streamHosts.isEmpty)
    }

    @Test func partialObjectsKeepOtherDefaults() throws {
        let text = """
            {"server": {"serverHost": "10.15.18.2", "clientName": "front"},
             "targetingTable": {"seedTable": "/SmartDashboard"},
             "cameraPublisher": {"enabled": false}}
            """
        let decoded = try ConfigDocument.decode(
            NetworkTablesConfiguration.self, from: text, source: "test", defaults: NetworkTablesConfiguration()
        )
        #expect(decoded.server.serverHost == "10.15.18.2")
        #expect(decoded.server.clientName == "front")
        #expect(decoded.server.port == 5810)
        #expect(decoded.server.timeSyncIntervalSeconds == 1)
        #expect(decoded.targetingTable.seedTable == "/SmartDashboard")
        #expect(decoded.targetingTable.enabled)
        #expect(!decoded.cameraPublisher.enabled)
        let again = try JSONDecoder().decode(NetworkTablesConfiguration.self, from: JSONEncoder().encode(decoded))
        #expect(again == decoded)
    }

    @Test func validationNamesTheKeyToFix() throws {
        try NT4ClientConfiguration().validate()
        let bad: [NT4ClientConfiguration] = [
            NT4ClientConfiguration(serverHost: ""),
            NT4ClientConfiguration(port: 0),
            NT4ClientConfiguration(clientName: "a/b"),
            NT4ClientConfiguration(timeSyncIntervalSeconds: 2, serverTimeoutSeconds: 1),
            NT4ClientConfiguration(reconnectMinDelaySeconds: 5, reconnectMaxDelaySeconds: 1),
        ]
        for configuration in bad {
            #expect {
                try configuration.validate()
            } throws: { error in
                if case .invalidConfiguration = error as? NetworkTablesError { true } else { false }
            }
        }
    }

    @Test func roboRIOAddress() {
        #expect(NT4ClientConfiguration.roboRIOAddress(team: 1518) == "10.15.18.2")
        #expect(NT4ClientConfiguration.roboRIOAddress(team: 254) == "10.2.54.2")
        #expect(NT4ClientConfiguration.roboRIOAddress(team: 9) == "10.0.9.2")
    }

    @Test func tablePaths() {
        #expect(TargetingTableConfiguration().tablePath(cameraName: "front") == "/vision/front")
        #expect(TargetingTableConfiguration(rootTable: "vision/").tablePath(cameraName: "/back/") == "/vision/back")
        #expect(NTPath.join("/CameraPublisher", "front", "streams") == "/CameraPublisher/front/streams")
    }
}
