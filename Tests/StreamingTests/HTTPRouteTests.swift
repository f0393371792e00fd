import NIOHTTP1
import Testing

@testable import Streaming

@Suite struct HTTPRouteTests {
    @Test func routesCscoreEndpoints() throws {
        #expect(HTTPRoute.route(method: .GET, uri: "/?action=stream", maxURIBytes: 100) == .stream(.none))
        #expect(HTTPRoute.route(method: .GET, uri: "/stream.mjpg", maxURIBytes: 100) == .stream(.none))
        #expect(
            HTTPRoute.route(method: .GET, uri: "/stream.mjpg?fps=5", maxURIBytes: 100)
                == .stream(ClientLimits(framesPerSecond: 5)))
        #expect(HTTPRoute.route(method: .GET, uri: "/?action=snapshot", maxURIBytes: 100) == .snapshot(.none))
        #expect(HTTPRoute.route(method: .GET, uri: "/", maxURIBytes: 100) == .index)
    }

    @Test func refusesWhatIsNotServed() {
        func status(_ method: HTTPMethod, _ uri: String) -> UInt? {
            if case .error(let status, _) = HTTPRoute.route(method: method, uri: uri, maxURIBytes: 64) {
                return status.code
            }
            return nil
        }
        #expect(status(.POST, "/stream.mjpg") == 405)
        #expect(status(.GET, "/nothing") == 404)
        #expect(status(.GET, "/?action=reboot") == 404)
        #expect(status(.GET, "/stream.mjpg?fps=zero") == 400)
        #expect(status(.GET, "*") == 400)
        #expect(status(.GET, "/" + String(repeating: "a", count: 100)) == 414)
    }
}
