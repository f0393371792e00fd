import Foundation
import ServiceRuntime
import Testing

@testable import Streaming

@Suite struct ConfigurationTests {
    @Test func emptyDocumentGivesDefaults() throws {
        let decoded = try ConfigDocument.decode(
            StreamingConfiguration.self, from: "{}", source: "test", defaults: StreamingConfiguration()
        )
        #expect(decoded == StreamingConfiguration())
        #expect(decoded.budget.bitsPerSecond == 4_000_000)
        #expect(decoded.serverConfigurations().map(\.port) == [1181, 1182])
    }

    @Test func partialDocumentKeepsOtherDefaults() throws {
        let json = """
            {"basePort": 1183, "streams": [{"name": "A"}, {"name": "B", "port": 1190}, {"name": "C"}],
             "budget": {"bitsPerSecond": 7000000}, "server": {"maxURIBytes": 512}}
            """
        let decoded = try ConfigDocument.decode(
            StreamingConfiguration.self, from: json, source: "test", defaults: StreamingConfiguration()
        )
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

    static func expectInvalid(_ configuration: StreamingConfiguration, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            try configuration.validate()
        } throws: { error in
            if case .invalidConfiguration = error as? StreamingError { true } else { false }
        }
    }

    @Test func validationCatchesBadValues() {
        var configuration = StreamingConfiguration(streams: [.init(name: "A"), .init(name: "A")])
        Self.expectInvalid(configuration)
        configuration = StreamingConfiguration(streams: [.init(name: "A", port: 1181), .init(name: "B", port: 1181)])
        Self.expectInvalid(configuration)
        configuration = StreamingConfiguration(budget: .init(scaleSteps: [0.5, 1]))
        Self.expectInvalid(configuration)
        configuration = StreamingConfiguration(budget: .init(maxQuality: 80, minQuality: 90))
        Self.expectInvalid(configuration)
        configuration = StreamingConfiguration(maxClientsPerStream: 0)
        Self.expectInvalid(configuration)
    }
}
