public import Streaming
public import WireFormat

/// camstreamer's per-stream figures for status (`control status`, `control up`'s line).
public enum StreamFigures {
    /// Per stream `<name>_fps`: the camera's frame rate, frames per second whether or not anyone watches (what the
    /// status line shows, as targeting's `fps` is the frames it processes); `<name>_clients`; `<name>_sent_fps`:
    /// frames written to clients per second, summed over them (0 while nobody watches); `<name>_mbps`: the bit rate
    /// sent.
    public static func of(_ status: StreamingStatus) -> [ServiceStatus.Figure] {
        status.streams.flatMap { stream in
            [
                ServiceStatus.Figure(name: "\(stream.name)_fps", value: stream.framesOfferedPerSecond),
                ServiceStatus.Figure(name: "\(stream.name)_clients", value: Double(stream.clients)),
                ServiceStatus.Figure(name: "\(stream.name)_sent_fps", value: stream.framesSentPerSecond),
                ServiceStatus.Figure(name: "\(stream.name)_mbps", value: stream.megabitsSentPerSecond),
            ]
        }
    }
}
