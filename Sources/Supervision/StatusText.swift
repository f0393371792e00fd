import Foundation
public import WireFormat

/// The text of `control up`'s status: one part per service, joined into the live line.
public enum StatusText {
    /// One service: `targeting ready pid 1234 up 3m05s 29.8 fps restarts 0`, or `targeting DOWN restarts 2`.
    /// - Parameter status: its answer to the last status request; `nil` when it did not answer.
    public static func service(_ name: String, _ status: ServiceStatus?, restarts: Int) -> String {
        guard let status else { return "\(name) DOWN restarts \(restarts)" }
        let seconds = Int(status.uptimeMilliseconds / 1000)
        let uptime = seconds >= 60 ? "\(seconds / 60)m\(String(format: "%02d", seconds % 60))s" : "\(seconds)s"
        // `fps` (targeting's frames) and `<stream>_fps` (camstreamer's frames sent per stream).
        let rates = status.figures.filter { $0.name == "fps" || $0.name.hasSuffix("_fps") }.map { figure in
            let stream = figure.name == "fps" ? "" : "\(figure.name.dropLast(4)) "
            return stream + String(format: "%.1f fps", figure.value)
        }
        return (["\(name) \(status.state) pid \(status.processID) up \(uptime)"] + rates + ["restarts \(restarts)"])
            .joined(separator: " ")
    }

    /// The live line: every service's part, then the keys that stop the stack.
    public static func line(_ services: [String]) -> String {
        (services + ["q/Esc: stop"]).joined(separator: " | ")
    }
}
