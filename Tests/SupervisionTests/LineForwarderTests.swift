import Foundation
import Testing

@testable import Supervision

/// Children's output, forwarded line by line with the service's name.
struct LineForwarderTests {
    /// A forwarder for service `a`, and a log of each write it made.
    static func forwarder() -> (LineForwarder, EventLog) {
        let writes = EventLog()
        return (LineForwarder(prefix: "[a] ", write: { writes.record(String(decoding: $0, as: UTF8.self)) }), writes)
    }

    @Test func eachCompleteLineGetsThePrefix() {
        let (forwarder, writes) = Self.forwarder()
        forwarder.forward(Data("one\ntwo\n".utf8))
        #expect(writes.entries == ["[a] one\n[a] two\n"])
    }

    @Test func aPartialLineWaitsForItsEnd() {
        let (forwarder, writes) = Self.forwarder()
        forwarder.forward(Data("hel".utf8))
        #expect(writes.entries.isEmpty)
        forwarder.forward(Data("lo\nwor".utf8))
        forwarder.forward(Data("ld\n".utf8))
        #expect(writes.entries == ["[a] hello\n", "[a] world\n"])
    }

    @Test func emptyLinesAreKept() {
        let (forwarder, writes) = Self.forwarder()
        forwarder.forward(Data("\n\nlast\n".utf8))
        #expect(writes.entries == ["[a] \n[a] \n[a] last\n"])
    }
}
