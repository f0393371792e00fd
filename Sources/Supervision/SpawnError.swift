#if canImport(Glibc)
import Glibc
#endif

/// A child could not be started.
public struct SpawnError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The program that did not start.
    public let path: String
    /// The `errno` of `posix_spawn`.
    public let code: Int32

    public init(path: String, code: Int32) {
        self.path = path
        self.code = code
    }

    public var description: String {
        "cannot start \(self.path): \(String(cString: strerror(self.code))) (check the stack file's `executable`)"
    }
}
