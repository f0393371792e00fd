import Foundation
public import WireFormat

/// The text of `control up`'s status: one part per service, joined into the live line.
public enum StatusText {
    /// One service: `targeting ready pid 1234 up 3m05s 29.8 fps restarts 0`, or `targeting DOWN restarts 2`;
    /// camstreamer's cameras: `front 30.0 fps (1 client 17.0 fps) rear 30.0 fps`.
    /// - Parameter status: its answer to the last status request; `nil` when it did not answer.
    public static func service(_ name: String, _ status: ServiceStatus?, restarts: Int) -> String {
        guard let status else { return "\(name) DOWN restarts \(restarts)" }
        let seconds = Int(status.uptimeMilliseconds / 1000)
        let uptime = seconds >= 60 ? "\(seconds / 60)m\(String(format: "%02d", seconds % 60))s" : "\(seconds)s"
        // `fps` (targeting's frames) and `<stream>_fps` (each camera's frames), with what is sent to the clients.
        let rates = status.figures
            .filter { $0.name == "fps" || ($0.name.hasSuffix("_fps") && !$0.name.hasSuffix("_sent_fps")) }
            .map { figure in
                guard figure.name != "fps" else { return String(format: "%.1f fps", figure.value) }
                let stream = String(figure.name.dropLast(4))
                var text = stream + String(format: " %.1f fps", figure.value)
                if let clients = status[figure: "\(stream)_clients"], clients >= 1, clients < 1e6,
                    let sent = status[figure: "\(stream)_sent_fps"]
                {
                    text += " (\(Int(clients)) client\(clients == 1 ? "" : "s") " + String(format: "%.1f fps)", sent)
                }
                return text
            }
        return (["\(name) \(status.state) pid \(status.processID) up \(uptime)"] + rates + ["restarts \(restarts)"])
            .joined(separator: " ")
    }

    /// The live line: every service's part, then the keys that stop the stack.
    public static func line(_ services: [String]) -> String {
        (services + ["q/Esc: stop"]).joined(separator: " | ")
    }
}
