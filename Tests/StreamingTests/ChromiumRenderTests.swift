import Foundation
import TestSupport
import Testing
import Vision
import WireFormat

@testable import Streaming

/// A real browser (headless Chromium) shows two streams side by side.
@Suite(.serialized) struct ChromiumRenderTests {
    static var chromium: String? { Project.tool("chromium") ?? Project.tool("chromium-browser") }

    /// Publishes test cards with a centred (green border) or off-centre (red border) overlay.
    static func produce(hub: FrameHub, centred: Bool) async throws {
        let camera = try TestCamera()
        let renderer = OverlayRenderer()
        let result = TargetingSnapshot(
            result: TargetingResult(
                captureTime: 0, pipeline: .reflective2019, imageWidth: 640, imageHeight: 480,
                targets: [Target(yawDegrees: centred ? 0 : 12, distanceMeters: 2)]),
            ageSeconds: 0.02, isStale: false)
        for _ in 0..<900 {
            if Task.isCancelled { return }
            try camera.render()
            try renderer.draw(on: camera.frame, snapshot: result)
            try hub.publish(frame: camera.frame, captureTime: MonotonicClock.now(), encoder: camera.encoder)
            try await Task.sleep(for: .milliseconds(33))
        }
    }

    @Test(.enabled(if: Self.chromium != nil)) func headlessChromiumRendersTwoStreams() async throws {
        let service = try StreamingService(
            configuration: StreamingConfiguration(host: "127.0.0.1", basePort: 0, streams: [.init(name: "A"), .init(name: "B")]))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            group.addTask { try await Self.produce(hub: service.hub(named: "A")!, centred: true) }
            group.addTask { try await Self.produce(hub: service.hub(named: "B")!, centred: false) }
            try await eventually { service.servers.allSatisfy { $0.localPort != nil } }
            let ports = service.servers.compactMap(\.localPort)
            let page = directory.appendingPathComponent("page.html")
            let html = """
                <!DOCTYPE html><html><body style="margin:0;background:#000">
                <img style="position:absolute;left:0;top:0;width:320px;height:240px" src="http://127.0.0.1:\(ports[0])/?action=stream">
                <img style="position:absolute;left:340px;top:0;width:320px;height:240px" src="http://127.0.0.1:\(ports[1])/stream.mjpg">
                </body></html>
                """
            try html.write(to: page, atomically: true, encoding: .utf8)
            let shot = directory.appendingPathComponent("shot.png").path
            let output = try await ChildProcess.run(
                Self.chromium!,
                ["--headless", "--no-sandbox", "--disable-gpu", "--screenshot=\(shot)", "--window-size=680,260",
                 "--timeout=5000", page.absoluteString], mergeErrors: false, timeout: .seconds(60))
            #expect(FileManager.default.fileExists(atPath: shot), "chromium: \(output.errorOutput.suffix(500))")
            let image = try Frame(contentsOf: shot)
            func pixel(_ x: Int, _ y: Int) -> (b: UInt8, g: UInt8, r: UInt8) {
                image.withUnsafeMutableBytes { bytes in
                    let offset = y * image.stride + x * 3
                    return (bytes[offset], bytes[offset + 1], bytes[offset + 2])
                }
            }
            // Left stream: centred target, green border. Right stream: off-centre, red border.
            let left = pixel(3, 120)
            let right = pixel(343, 120)
            #expect(left.g > 180 && left.r < 90 && left.b < 90, "left border pixel \(left)")
            #expect(right.r > 180 && right.g < 90 && right.b < 90, "right border pixel \(right)")
            // Between the borders there is picture (the test card's colour bars), not a broken-image icon.
            var colours = Set<String>()
            for x in stride(from: 20, to: 300, by: 10) {
                let p = pixel(x, 150)
                colours.insert("\(p.r / 64)-\(p.g / 64)-\(p.b / 64)")
            }
            #expect(colours.count >= 5, "left picture has \(colours.count) colour classes")
            group.cancelAll()
        }
    }
}
