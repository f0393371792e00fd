public import Streaming
public import WireFormat

/// camstreamer's per-stream figures for status (`control status`, `control up`'s line).
public enum StreamFigures {
    /// Per stream `<name>_fps`: the camera's frame rate, frames per second whether or not anyone watches (what the
    /// status line shows, as targeting's `fps` is the frames it processes); `<name>_clients`; `<name>_sent_fps`:
    /// frames written to clients per second, summed over them (0 while nobody watches); `<name>_mbps`: the bit rate
    /// sent. Then the HTTP connection figures: `http_connections` open, `http_refused` (per-address and total
    /// caps), `http_idle_dropped` (no complete request in time, or evicted for a newcomer), `http_slow_dropped`
    /// (stalled, or evicted from a full stream while behind).
    public static func of(_ status: StreamingStatus) -> [ServiceStatus.Figure] {
        let connections = status.connections
        let evicted = status.streams.reduce(0) { $0 + $1.evictedClients }
        let perStream = status.streams.flatMap { stream in
            [
                ServiceStatus.Figure(name: "\(stream.name)_fps", value: stream.framesOfferedPerSecond),
                ServiceStatus.Figure(name: "\(stream.name)_clients", value: Double(stream.clients)),
                ServiceStatus.Figure(name: "\(stream.name)_sent_fps", value: stream.framesSentPerSecond),
                ServiceStatus.Figure(name: "\(stream.name)_mbps", value: stream.megabitsSentPerSecond),
            ]
        }
        return perStream + [
            ServiceStatus.Figure(name: "http_connections", value: Double(connections.open)),
            ServiceStatus.Figure(name: "http_refused", value: Double(connections.refusedPerAddress + connections.refusedFull)),
            ServiceStatus.Figure(name: "http_idle_dropped", value: Double(connections.evictedIdle + connections.idleTimeouts)),
            ServiceStatus.Figure(name: "http_slow_dropped", value: Double(connections.slowClientsDropped + evicted)),
        ]
    }
}
