import Supervision
import Testing
import WireFormat

/// The parts of `control up`'s live status line.
struct StatusTextTests {
    static func status(_ state: ServiceState, uptime: UInt64, figures: [ServiceStatus.Figure] = []) -> ServiceStatus {
        ServiceStatus(requestID: 1, state: state, processID: 4242, uptimeMilliseconds: uptime, figures: figures)
    }

    @Test func aServiceThatDoesNotAnswerIsDown() {
        #expect(StatusText.service("targeting", nil, restarts: 2) == "targeting DOWN restarts 2")
    }

    @Test func aServiceShowsItsStatePidUptimeAndRestarts() {
        #expect(
            StatusText.service("targeting", Self.status(.ready, uptime: 185_999), restarts: 0)
                == "targeting ready pid 4242 up 3m05s restarts 0"
        )
        #expect(
            StatusText.service("camstreamer", Self.status(.starting, uptime: 59_999), restarts: 1)
                == "camstreamer starting pid 4242 up 59s restarts 1"
        )
    }

    @Test func onlyFrameRatesAreShown() {
        let figures: [ServiceStatus.Figure] = [
            .init(name: "fps", value: 29.84), .init(name: "driver_fps", value: 15), .init(name: "dropped", value: 7),
        ]
        #expect(
            StatusText.service("targeting", Self.status(.ready, uptime: 1_000, figures: figures), restarts: 0)
                == "targeting ready pid 4242 up 1s 29.8 fps driver 15.0 fps restarts 0"
        )
    }

    /// camstreamer's status shows each camera's frame rate, not the rate sent to clients: a camera nobody watches
    /// runs at 30 fps, not 0.0 (which read as a stalled camstreamer), and what its clients get follows.
    @Test func camerasShowTheirFrameRateAndWhatTheirClientsGet() {
        let figures: [ServiceStatus.Figure] = [
            .init(name: "front_fps", value: 29.96), .init(name: "front_clients", value: 1), .init(name: "front_sent_fps", value: 17),
            .init(name: "front_mbps", value: 3.1),
            .init(name: "rear_fps", value: 30), .init(name: "rear_clients", value: 0), .init(name: "rear_sent_fps", value: 0),
            .init(name: "side_fps", value: 15), .init(name: "side_clients", value: 2), .init(name: "side_sent_fps", value: 30),
            .init(name: "bad_fps", value: 1), .init(name: "bad_clients", value: .nan), .init(name: "bad_sent_fps", value: 1),
        ]
        #expect(
            StatusText.service("camstreamer", Self.status(.ready, uptime: 1_000, figures: figures), restarts: 0)
                == "camstreamer ready pid 4242 up 1s front 30.0 fps (1 client 17.0 fps) rear 30.0 fps "
                + "side 15.0 fps (2 clients 30.0 fps) bad 1.0 fps restarts 0"
        )
    }

    @Test func theLineJoinsTheServicesAndEndsWithTheStopKeys() {
        #expect(StatusText.line(["a DOWN restarts 0", "b DOWN restarts 1"]) == "a DOWN restarts 0 | b DOWN restarts 1 | q/Esc: stop")
        #expect(StatusText.line([]) == "q/Esc: stop")
    }
}
