/// How far a bound endpoint reaches: this host only, every interface, or one named address.
enum BindExposure: Equatable {
    /// `ipc://`, `inproc://`, or a TCP loopback address: nothing off this host can connect.
    case local
    /// `tcp://*:PORT`, `0.0.0.0` or `[::]`: every interface; `loopback` is the same port on 127.0.0.1.
    case wildcard(loopback: String)
    /// Any other host or interface name.
    case network

    init(_ endpoint: String) {
        guard endpoint.hasPrefix("tcp://") else {
            self = .local
            return
        }
        let address = endpoint.dropFirst("tcp://".count)
        guard let colon = address.lastIndex(of: ":") else {
            self = .network
            return
        }
        var host = String(address[..<colon])
        let port = address[address.index(after: colon)...]
        // A `source;` prefix is for connects; a bind has none, so anything unusual counts as network.
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        switch host.lowercased() {
        case "*", "0.0.0.0", "::", "0:0:0:0:0:0:0:0":
            self = .wildcard(loopback: "tcp://127.0.0.1:\(port)")
        case "localhost", "lo", "::1", "0:0:0:0:0:0:0:1":
            self = .local
        default:
            let octets = host.split(separator: ".", omittingEmptySubsequences: false)
            self = octets.count == 4 && octets[0] == "127" && octets.allSatisfy({ UInt8($0) != nil }) ? .local : .network
        }
    }
}
