import NIOHTTP1

/// What a request asks for, decided from its head alone.
enum HTTPRoute: Equatable {
    case stream(ClientLimits)
    case snapshot(ClientLimits)
    case index
    case error(HTTPResponseStatus, String)

    /// Routes a request the way cscore's MjpegServer does: `/?action=stream`, `/stream.mjpg`, `/?action=snapshot`,
    /// and `/` (a small page showing the stream). Only `GET` and `HEAD` are served.
    static func route(method: HTTPMethod, uri: String, maxURIBytes: Int) -> HTTPRoute {
        guard uri.utf8.count <= maxURIBytes else {
            return .error(.uriTooLong, "request target longer than \(maxURIBytes) bytes")
        }
        guard method == .GET || method == .HEAD else {
            return .error(.methodNotAllowed, "only GET and HEAD are served")
        }
        guard uri.first == "/" else { return .error(.badRequest, "request target must start with /") }
        let withoutFragment = uri.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = withoutFragment.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts[0]
        let query = parts.count > 1 ? parts[1] : ""
        let limits: ClientLimits
        do {
            limits = try ClientLimits(query: query)
        } catch {
            return .error(.badRequest, error.message)
        }
        let action = query.split(separator: "&").first { $0.hasPrefix("action=") }.map { $0.dropFirst(7) }
        switch (path, action) {
        case ("/stream.mjpg", _), ("/", "stream"):
            return .stream(limits)
        case ("/", "snapshot"), ("/snapshot.jpg", _):
            return .snapshot(limits)
        case ("/", nil), ("/index.html", nil):
            return .index
        case ("/", .some(let other)):
            return .error(.notFound, "unknown action '\(other)'")
        default:
            return .error(.notFound, "no resource at \(path)")
        }
    }
}
