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

    @Test func theLineJoinsTheServicesAndEndsWithTheStopKeys() {
        #expect(StatusText.line(["a DOWN restarts 0", "b DOWN restarts 1"]) == "a DOWN restarts 0 | b DOWN restarts 1 | q/Esc: stop")
        #expect(StatusText.line([]) == "q/Esc: stop")
    }
}
