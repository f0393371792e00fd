import Foundation
import ServiceRuntime
import Testing

/// A small configuration with the shapes services use: nested sections, lists, optionals with defaults.
struct SampleConfiguration: ServiceConfiguration {
    struct Camera: Codable, Sendable, Hashable {
        var name: String
        var fps: Double
    }

    struct Results: Codable, Sendable, Hashable {
        var connect: [String] = ["tcp://127.0.0.1:5805"]
        var highWaterMark: Int = 100
        var note: String?
    }

    var service = ServiceSection(name: "sample", control: "tcp://*:5801")
    var results = Results()
    var cameras = [Camera(name: "front", fps: 30)]

    func validate() throws(ConfigError) {
        guard self.results.highWaterMark > 0 else { throw .invalid("results.high_water_mark must be > 0") }
    }
}

struct ConfigLoaderTests {
    let loader = ConfigLoader<SampleConfiguration>(environmentPrefix: "SAMPLE")

    func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString).yml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func defaultsApplyWithoutAFile() throws {
        let config = try self.loader.load(file: nil, environment: [:], overrides: [])
        #expect(config.results.highWaterMark == 100)
        #expect(config.service.logLevel == "info")
    }

    @Test func layersOverrideInTheDocumentedOrder() throws {
        let path = try self.file("results:\n  high_water_mark: 5\n  connect: [\"tcp://a:1\"]\nservice:\n  log_level: debug\n")
        let fromFile = try self.loader.load(file: path, environment: [:], overrides: [])
        #expect(fromFile.results.highWaterMark == 5)
        #expect(fromFile.results.connect == ["tcp://a:1"])
        #expect(fromFile.service.logLevel == "debug")
        #expect(fromFile.service.control == "tcp://*:5801")
        let fromEnvironment = try self.loader.load(
            file: path,
            environment: ["SAMPLE__RESULTS__HIGH_WATER_MARK": "7", "OTHER__X": "1"],
            overrides: []
        )
        #expect(fromEnvironment.results.highWaterMark == 7)
        let fromFlags = try self.loader.load(
            file: path,
            environment: ["SAMPLE__RESULTS__HIGH_WATER_MARK": "7"],
            overrides: ["results.high_water_mark=9", "results.connect=[\"tcp://b:2\", \"tcp://c:3\"]"]
        )
        #expect(fromFlags.results.highWaterMark == 9)
        #expect(fromFlags.results.connect == ["tcp://b:2", "tcp://c:3"])
    }

    @Test func optionalKeysAndListItemsWithMissingKeysWork() throws {
        let path = try self.file("results:\n  note: hello\ncameras:\n  - name: rear\n")
        let config = try self.loader.load(file: path, environment: [:], overrides: [])
        #expect(config.results.note == "hello")
        #expect(config.cameras == [.init(name: "rear", fps: 30)])
    }

    @Test(arguments: [
        ("results:\n  high_water_mrak: 5\n", "results.high_water_mrak"),
        ("cameras:\n  - name: rear\n    fsp: 10\n", "cameras.0.fsp"),
        ("camera: {}\n", "camera"),
    ])
    func unknownKeysAreNamed(yaml: String, path: String) throws {
        let file = try self.file(yaml)
        let error = #expect(throws: ConfigError.self) { try self.loader.load(file: file, environment: [:], overrides: []) }
        guard case .unknownKey(_, let unknown, _)? = error else {
            Issue.record("expected an unknown key error, got \(String(describing: error))")
            return
        }
        #expect(unknown == path)
    }

    @Test func unknownKeysFromFlagsAndEnvironmentAreNamedToo() throws {
        #expect(throws: ConfigError.self) {
            try self.loader.load(file: nil, environment: [:], overrides: ["results.hwm=3"])
        }
        #expect(throws: ConfigError.self) {
            try self.loader.load(file: nil, environment: ["SAMPLE__RESULT__CONNECT": "[]"], overrides: [])
        }
    }

    @Test func badValuesAndBadFilesAreClearErrors() throws {
        let wrongType = try self.file("results:\n  high_water_mark: lots\n")
        let typeError = #expect(throws: ConfigError.self) { try self.loader.load(file: wrongType, environment: [:], overrides: []) }
        #expect(typeError?.description.contains("results.high_water_mark") == true)
        let invalid = try self.file("results:\n  high_water_mark: 0\n")
        #expect(throws: ConfigError.invalid("results.high_water_mark must be > 0")) {
            try self.loader.load(file: invalid, environment: [:], overrides: [])
        }
        let syntax = try self.file("results: [unclosed\n")
        #expect(throws: ConfigError.self) { try self.loader.load(file: syntax, environment: [:], overrides: []) }
        #expect(throws: ConfigError.self) { try self.loader.load(file: "/nonexistent/x.yml", environment: [:], overrides: []) }
        #expect(throws: ConfigError.self) { try self.loader.load(file: nil, environment: [:], overrides: ["service.log_level=loud"]) }
        #expect(throws: ConfigError.self) { try self.loader.load(file: nil, environment: [:], overrides: ["novalue"]) }
    }

    @Test func defaultsPrintAsYAMLThatLoadsBack() throws {
        let yaml = try self.loader.defaultsYAML()
        #expect(yaml.contains("high_water_mark: 100"))
        let config = try self.loader.load(file: try self.file(yaml), environment: [:], overrides: [])
        #expect(config.results == SampleConfiguration().results)
    }
}
