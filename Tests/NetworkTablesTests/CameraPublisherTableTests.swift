import Synchronization
import Testing

@testable import NetworkTables

struct CameraPublisherTableTests {
    @Test func streamValuesFollowCameraServer() {
        #expect(
            CameraPublisherTable.streamValue(host: "10.15.18.11", port: 1181)
                == "mjpg:http://10.15.18.11:1181/?action=stream"
        )
        #expect(
            CameraPublisherTable.streamValue(host: "fe80::1", port: 1182) == "mjpg:http://[fe80::1]:1182/?action=stream"
        )
        #expect(
            CameraPublisherTable.streamValues(hosts: ["a.local", "10.0.0.2"], port: 1181)
                == ["mjpg:http://a.local:1181/?action=stream", "mjpg:http://10.0.0.2:1181/?action=stream"]
        )
    }

    @Test func localAddressesSkipLoopback() {
        let addresses = CameraPublisherTable.localIPv4Addresses()
        #expect(!addresses.contains { $0.hasPrefix("127.") })
        #expect(addresses == addresses.sorted())
        #expect(CameraPublisherTable.streamValues(hosts: [], port: 1181).count == addresses.count)
    }

    @Test func topicsAndTypes() throws {
        let client = NT4Client(configuration: .init())
        let table = try CameraPublisherTable(client: client, name: "front")
        #expect(table.tablePath == "/CameraPublisher/front")
        try table.publish(
            source: "usb:/dev/video0",
            streamURLs: ["mjpg:http://h:1181/?action=stream"],
            description: "d",
            connected: true,
            mode: "320x240 MJPEG 15 fps"
        )
        func published() -> [String: (type: NTType, value: NTValue?)] {
            client.state.withLock { state in
                Dictionary(
                    uniqueKeysWithValues: state.topics.values.map { ($0.topic.name, (type: $0.topic.type, value: $0.latest)) }
                )
            }
        }
        // The five topics dashboards read, with their NT4 types and values.
        let values = published()
        #expect(values["/CameraPublisher/front/source"]?.type == .string)
        #expect(values["/CameraPublisher/front/source"]?.value == .string("usb:/dev/video0"))
        #expect(values["/CameraPublisher/front/streams"]?.type == .stringArray)
        #expect(values["/CameraPublisher/front/streams"]?.value == .stringArray(["mjpg:http://h:1181/?action=stream"]))
        #expect(values["/CameraPublisher/front/description"]?.value == .string("d"))
        #expect(values["/CameraPublisher/front/connected"]?.type == .boolean)
        #expect(values["/CameraPublisher/front/connected"]?.value == .boolean(true))
        #expect(values["/CameraPublisher/front/mode"]?.value == .string("320x240 MJPEG 15 fps"))
        try table.setConnected(false)
        #expect(published()["/CameraPublisher/front/connected"]?.value == .boolean(false))
        // Same names and types again return the same handles; a clash of types is rejected.
        #expect(
            try client.publish("/CameraPublisher/front/streams", type: .stringArray).name
                == "/CameraPublisher/front/streams"
        )
        #expect(throws: NetworkTablesError.self) { try client.publish("/CameraPublisher/front/streams", type: .string) }
    }

    @Test func configurationChoosesNameHostsAndDescription() throws {
        let client = NT4Client(configuration: .init())
        let table = try CameraPublisherTable(
            client: client,
            cameraName: "front",
            configuration: CameraPublisherConfiguration(
                name: "Driver",
                streamHosts: ["10.15.18.11"],
                description: "driver cam"
            )
        )
        #expect(table.tablePath == "/CameraPublisher/Driver")
        try table.publish(source: "usb:/dev/video0", streamPort: 1182, connected: true, mode: "160x120 MJPEG 15 fps")
        let values = client.state.withLock { state in
            Dictionary(uniqueKeysWithValues: state.topics.values.map { ($0.topic.name, $0.latest) })
        }
        #expect(
            values["/CameraPublisher/Driver/streams"] == .stringArray(["mjpg:http://10.15.18.11:1182/?action=stream"])
        )
        #expect(values["/CameraPublisher/Driver/description"] == .string("driver cam"))
        #expect(values["/CameraPublisher/Driver/connected"] == .boolean(true))

        let disabled = try CameraPublisherTable(
            client: client,
            cameraName: "back",
            configuration: .init(enabled: false)
        )
        try disabled.publish(source: "cv:", streamPort: 1183, connected: true, mode: "")
        #expect(
            client.state.withLock { $0.pubuidByName.keys.contains { $0.hasPrefix("/CameraPublisher/back") } } == false
        )
    }
}
