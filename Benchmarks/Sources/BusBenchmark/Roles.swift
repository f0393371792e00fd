import ArgumentParser
import Bus
import Foundation
import Logging
import WireFormat

/// Sends `count` messages as fast as the consumer takes them (a PUSH socket, as the raw C peer's producer).
struct Produce: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(internal) Throughput producer.", shouldDisplay: false)
    @Argument var endpoint: String
    @Argument var count: Int

    func run() throws {
        // libzmq's default high-water mark, as the raw C peer has: this run measures the wrapper and the wire
        // format, not the services' smaller queue (100 results, for bounded memory).
        var options = MessageSender.Options()
        options.highWaterMark = 1000
        let sender = try MessageSender(name: "targeting", endpoints: Endpoints(connect: [self.endpoint]), options: options)
        let payload = sampleMessage()
        let count = self.count  // read the argument once, not on every message
        for _ in 0..<count {
            try sender.send(payload, wait: true)
        }
        // Linger is 0: stay alive until the parent, having seen the consumer finish, ends this process.
        Thread.sleep(forTimeInterval: 120)
    }
}

/// Receives `count` messages and prints messages per second (timed from the first message, as the raw C peer).
struct Consume: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(internal) Throughput consumer.", shouldDisplay: false)
    @Argument var endpoint: String
    @Argument var count: Int

    func run() throws {
        let receiver = try MessageReceiver(
            endpoints: Endpoints(bind: [self.endpoint]),
            mode: .queue(depth: 1000),
            logger: Logger(label: "bench")
        )
        emit("ready")
        // Each message is received and checked in full (header, counts, every float), read in place: the bus's
        // consumer path, as `zmq_recv` is the raw C peer's.
        guard try receiver.receive(timeoutMilliseconds: 30_000, { _ in () }) != nil else { throw ExitCode.failure }
        let start = MonotonicClock.now()
        let count = self.count  // read the argument once, not on every message
        var received = 1
        while received < count, case .some = try receiver.receive(timeoutMilliseconds: 5000, { _ in () }) {
            received += 1
        }
        let seconds = Double(MonotonicClock.now() - start) / 1e9
        emit("msgs_per_s \(Double(received - 1) / seconds) received \(received) malformed \(receiver.counters.malformed)")
    }
}

/// Answers every message on a PAIR socket, as the raw C peer's echo does, but through the wire format: each
/// request is decoded and an answer encoded, as a service answering a request would.
struct Echo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(internal) Round-trip echo.", shouldDisplay: false)
    @Argument var endpoint: String
    @Argument var count: Int

    func run() throws {
        let socket = try ZMQSocket(.pair)
        try socket.setReceiveTimeout(milliseconds: 10_000)
        try socket.connect(self.endpoint)
        let request = ZMQMessage()
        let answer = UnsafeMutableRawBufferPointer.allocate(byteCount: WireFormat.maxFrameSize, alignment: 8)
        defer { answer.deallocate() }
        for sequence in 0..<self.count {
            guard try socket.receive(into: request, wait: true) else { throw ExitCode.failure }
            let message = try WireFormat.decode(request.bytes)
            let length = WireFormat.encode(message.payload, sequence: UInt64(sequence), sender: "echo", into: answer)
            try socket.send(UnsafeRawBufferPointer(rebasing: answer[0..<length]), wait: true)
        }
        Thread.sleep(forTimeInterval: 0.2)
    }
}

/// Writes a line to standard output unbuffered (it is a pipe to the parent, which waits for it).
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
