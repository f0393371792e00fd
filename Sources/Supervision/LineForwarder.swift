import Foundation
import Synchronization

/// Copies a child's output line by line, each line prefixed with the child's name; a partial line waits for its end.
final class LineForwarder: Sendable {
    private let prefix: Data
    private let write: @Sendable (Data) -> Void
    private let pending = Mutex(Data())

    /// - Parameter write: receives whole prefixed lines, several at once at times.
    init(prefix: String, write: @escaping @Sendable (Data) -> Void) {
        self.prefix = Data(prefix.utf8)
        self.write = write
    }

    /// Takes the next chunk of output and writes the lines it completes.
    func forward(_ data: Data) {
        let lines = self.pending.withLock { pending -> Data in
            pending.append(data)
            guard let end = pending.lastIndex(of: UInt8(ascii: "\n")) else { return Data() }
            let complete = pending[pending.startIndex...end]
            pending = Data(pending[(end + 1)...])
            var out = Data()
            for line in complete.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
                out.append(self.prefix)
                out.append(line)
                out.append(UInt8(ascii: "\n"))
            }
            return out
        }
        if !lines.isEmpty { self.write(lines) }
    }
}
