import Foundation
import Synchronization

/// Copies a child's output to standard error line by line, each line prefixed with the child's name.
final class LineForwarder: Sendable {
    private let prefix: Data
    private let pending = Mutex(Data())

    init(prefix: String) {
        self.prefix = Data(prefix.utf8)
    }

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
        if !lines.isEmpty { FileHandle.standardError.write(lines) }
    }
}
