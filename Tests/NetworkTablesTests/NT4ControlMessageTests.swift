import Foundation
import Testing

@testable import NetworkTables

struct NT4ControlMessageTests {
    private func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func publishMessageMatchesTheSpec() throws {
        let text = NT4ClientMessage.encodeFrame([
            .publish(name: "/SmartDashboard/distance", pubuid: 1, type: "double", properties: .init())
        ])
        let parsed = try #require(try self.json(text) as? [[String: Any]])
        #expect(parsed.count == 1)
        #expect(parsed[0]["method"] as? String == "publish")
        let params = try #require(parsed[0]["params"] as? [String: Any])
        #expect(params["name"] as? String == "/SmartDashboard/distance")
        #expect(params["pubuid"] as? Int == 1)
        #expect(params["type"] as? String == "double")
        #expect((params["properties"] as? [String: Any])?.isEmpty == true)
        #expect(text.contains("\"/SmartDashboard/distance\""))  // slashes not escaped
    }

    @Test func otherClientMessages() throws {
        let text = NT4ClientMessage.encodeFrame([
            .unpublish(pubuid: 7),
            .setProperties(name: "/a", update: NTTopicProperties(persistent: true, retained: false)),
            .subscribe(
                topics: ["/FMSInfo/"],
                subuid: 3,
                options: NTSubscriptionOptions(periodic: 0.05, all: true, prefix: true)
            ),
            .unsubscribe(subuid: 3),
        ])
        let parsed = try #require(try self.json(text) as? [[String: Any]])
        #expect(parsed.map { $0["method"] as? String } == ["unpublish", "setproperties", "subscribe", "unsubscribe"])
        let update = (parsed[1]["params"] as? [String: Any])?["update"] as? [String: Any]
        #expect(update?["persistent"] as? Bool == true)
        #expect(update?["retained"] as? Bool == false)
        #expect(update?["cached"] == nil)
        let options = (parsed[2]["params"] as? [String: Any])?["options"] as? [String: Any]
        #expect(options?["prefix"] as? Bool == true)
        #expect(options?["periodic"] as? Double == 0.05)
    }

    @Test func decodesServerMessages() throws {
        let text = """
            [{"method":"announce","params":{"name":"/vision/tx","id":12,"type":"double","pubuid":4,"properties":{"retained":true,"custom":"x"}}},
             {"method":"announce","params":{"name":"/other","id":13,"type":"string","properties":{}}},
             {"method":"unannounce","params":{"name":"/other","id":13}},
             {"method":"properties","params":{"name":"/vision/tx","ack":true,"update":{"persistent":null}}},
             {"method":"somethingNew","params":{}}]
            """
        let messages = try NT4ServerMessage.decodeFrame(text)
        #expect(
            messages == [
                .announce(
                    name: "/vision/tx",
                    id: 12,
                    type: "double",
                    pubuid: 4,
                    properties: NTTopicProperties(retained: true, strings: ["custom": "x"])
                ),
                .announce(name: "/other", id: 13, type: "string", pubuid: nil, properties: .init()),
                .unannounce(name: "/other", id: 13),
                .properties(name: "/vision/tx", ack: true, update: .init()),
                .unknown(method: "somethingNew"),
            ]
        )
    }

    @Test(
        "garbage text frames are protocol violations",
        arguments: [
            "not json", "{}", "[1, 2]", "[{\"params\":{}}]", "[{\"method\":\"announce\",\"params\":{\"name\":5}}]", "",
        ]
    )
    func garbage(text: String) {
        #expect {
            try NT4ServerMessage.decodeFrame(text)
        } throws: { error in
            if case .protocolViolation = error as? NetworkTablesError { true } else { false }
        }
    }
}
