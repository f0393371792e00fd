import Foundation
import ServiceRuntime
import Testing

/// ``ConfigDocument``: any configuration document is laid over the defaults, as the services' files are.
struct ConfigDocumentTests {
    let defaults = SampleConfiguration.Results()

    @Test func emptyDocumentsGiveTheDefaults() throws {
        for text in ["", "{}"] {
            let decoded = try ConfigDocument.decode(
                SampleConfiguration.Results.self, from: text, source: "t", defaults: self.defaults
            )
            #expect(decoded == self.defaults)
        }
    }

    @Test func leftOutKeysKeepTheirDefaultsInEitherSpelling() throws {
        let snake = try ConfigDocument.decode(
            SampleConfiguration.Results.self, from: "high_water_mark: 7", source: "t", defaults: self.defaults
        )
        let camel = try ConfigDocument.decode(
            SampleConfiguration.Results.self, from: #"{"highWaterMark": 7, "note": "n"}"#, source: "t",
            defaults: self.defaults
        )
        #expect(snake.highWaterMark == 7 && snake.connect == self.defaults.connect && snake.note == nil)
        #expect(camel.highWaterMark == 7 && camel.connect == self.defaults.connect && camel.note == "n")
    }

    @Test func unknownKeysAndBadValuesNameTheKey() {
        #expect {
            try ConfigDocument.decode(
                SampleConfiguration.Results.self, from: "high_water_mrak: 7", source: "eval.json",
                defaults: self.defaults
            )
        } throws: { error in
            guard case .unknownKey(let source, let path, let known) = error as? ConfigError else { return false }
            return source == "eval.json" && path == "high_water_mrak" && known.contains("high_water_mark")
        }
        #expect {
            try ConfigDocument.decode(
                SampleConfiguration.Results.self, from: "high_water_mark: many", source: "t", defaults: self.defaults
            )
        } throws: { error in
            if case .badValue(let path, _) = error as? ConfigError { path == "high_water_mark" } else { false }
        }
    }

    @Test func aMissingFileIsUnreadable() {
        #expect {
            try ConfigDocument.decode(
                SampleConfiguration.Results.self, contentsOf: "/nonexistent/eval.json", defaults: self.defaults
            )
        } throws: { error in
            if case .unreadable(let path, _) = error as? ConfigError { path == "/nonexistent/eval.json" } else { false }
        }
    }
}
