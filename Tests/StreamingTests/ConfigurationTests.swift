import Foundation
import Testing

@testable import Streaming

@Suite struct ConfigurationTests {
    @Test func emptyDocumentGivesDefaults() throws {
        let decoded = try JSONDecoder().decode(StreamingConfiguration.self, from: Data("{}".utf8))
        #expect(decoded == StreamingConfiguration())
        #expect(decoded.budget.bitsPerSecond == 4_000_000)
        #expect(decoded.serverConfigurations().map(\.port) == [1181, 1182])
    }

    @Test func partialDocumentKeepsOtherDefaults() throws {
        let json = """
            {"basePort": 1183, "streams": [{"name": "A"}, {"name": "B", "port": 1190}, {"name": "C"}],
             "budget": {"bitsPerSecond": 7000000}, "server": {"maxURIBytes": 512}}
            """
        let decoded = try JSONDecoder().decode(StreamingConfiguration.self, from: Data(json.utf8))
        #expect(decoded.serverConfigurations().map(\.port) == [1183, 1190, 1185])
        #expect(decoded.budget.bitsPerSecond == 7_000_000)
        #expect(decoded.budget.maxQuality == 80)
        #expect(decoded.server.maxURIBytes == 512)
        #expect(decoded.server.maxHeaderBytes == 16384)
        try decoded.validate()
    }

    @Test func roundTrips() throws {
        let configuration = StreamingConfiguration(host: "127.0.0.1", basePort: 0, maxClientsPerStream: 7)
        let data = try JSONEncoder().encode(configuration)
        #expect(try JSONDecoder().decode(StreamingConfiguration.self, from: data) == configuration)
    }

    @Test func validationCatchesBadValues() {
        var configuration = StreamingConfiguration(streams: [.init(name: "A"), .init(name: "A")])
        #expect(throws: StreamingError.invalidConfiguration("")) { try configuration.validate() }
        configuration = StreamingConfiguration(streams: [.init(name: "A", port: 1181), .init(name: "B", port: 1181)])
        #expect(throws: StreamingError.invalidConfiguration("")) { try configuration.validate() }
        configuration = StreamingConfiguration(budget: .init(scaleSteps: [0.5, 1]))
        #expect(throws: StreamingError.invalidConfiguration("")) { try configuration.validate() }
        configuration = StreamingConfiguration(budget: .init(maxQuality: 80, minQuality: 90))
        #expect(throws: StreamingError.invalidConfiguration("")) { try configuration.validate() }
        configuration = StreamingConfiguration(maxClientsPerStream: 0)
        #expect(throws: StreamingError.invalidConfiguration("")) { try configuration.validate() }
    }
}
