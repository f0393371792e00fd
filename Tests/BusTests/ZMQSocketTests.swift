import Bus
import CZeroMQ
import Testing

struct ZMQSocketTests {
    @Test func bindsAnyPortAndReportsIt() throws {
        let socket = try ZMQSocket(.pull)
        try socket.bind("tcp://127.0.0.1:*")
        #expect(socket.lastEndpoint.hasPrefix("tcp://127.0.0.1:"))
        #expect(socket.lastEndpoint != "tcp://127.0.0.1:*")
    }

    @Test func sendsAndReceivesAFrame() throws {
        let pull = try ZMQSocket(.pull)
        try pull.bind("tcp://127.0.0.1:*")
        let push = try ZMQSocket(.push)
        try push.connect(pull.lastEndpoint)
        #expect(try push.send([1, 2, 3], wait: true))
        let poller = ZMQPoller()
        poller.add(pull)
        #expect(try poller.poll(timeoutMilliseconds: 2000) == 1)
        var buffer = [UInt8](repeating: 0, count: 16)
        let length = try buffer.withUnsafeMutableBytes { try pull.receive(into: $0) }
        #expect(length == 3)
        #expect(Array(buffer.prefix(3)) == [1, 2, 3])
    }

    @Test func nonBlockingSendWithoutPeerReportsNotQueued() throws {
        let push = try ZMQSocket(.push)
        try push.setImmediate(true)
        try push.connect("tcp://127.0.0.1:1")
        #expect(try push.send([0]) == false)
    }

    @Test func receiveWithNothingWaitingReturnsNil() throws {
        let pull = try ZMQSocket(.pull)
        try pull.bind("tcp://127.0.0.1:*")
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(try buffer.withUnsafeMutableBytes { try pull.receive(into: $0) } == nil)
    }

    @Test func invalidEndpointsFailWithAHelpfulError() throws {
        let socket = try ZMQSocket(.pull)
        let error = #expect(throws: ZMQError.self) { try socket.bind("nonsense") }
        #expect(error?.description.contains("check the endpoint") == true)
        let taken = try ZMQSocket(.pull)
        try taken.bind("tcp://127.0.0.1:*")
        let second = try ZMQSocket(.pull)
        let inUse = #expect(throws: ZMQError.self) { try second.bind(taken.lastEndpoint) }
        #expect(inUse?.isAddressInUse == true)
    }

    @Test func closedSocketFailsInsteadOfCrashing() throws {
        let socket = try ZMQSocket(.push)
        socket.close()
        #expect(throws: ZMQError.self) { try socket.connect("tcp://127.0.0.1:5") }
        #expect(throws: ZMQError.self) { try socket.send([1]) }
    }

    @Test func reportsTheLibraryVersion() {
        #expect(ZMQContext.libraryVersion.split(separator: ".").count == 3)
    }
}
