import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The live status line at the bottom of `control up`'s terminal.
///
/// The rows above it become a scroll region (as apt draws its progress line), so the services' logs scroll
/// there while the last row keeps the stack's state. Each update is one write, so it never splits a log line.
public final class StatusLine: StatusDisplay {
    /// The terminal's row count the scroll region was set for (0: not set up yet).
    private let regionRows = Mutex(0)

    /// A status line on standard error when it is a terminal; `nil` otherwise (logs to a file or the journal).
    public init?() {
        guard isatty(STDERR_FILENO) == 1, Self.terminalSize() != nil else { return nil }
    }

    /// Shows `text` (cut to the terminal's width) on the last row.
    public func show(_ text: String) {
        guard let (rows, columns) = Self.terminalSize() else { return }
        var output = ""
        self.regionRows.withLock { regionRows in
            if regionRows != rows {
                // Make room for the line once, then keep the logs above it (also after a resize; a taller terminal
                // still shows the old line inside the new scroll region, so it is cleared).
                if regionRows == 0 { output += "\n\u{1B}[1A" }
                if regionRows > 0, regionRows < rows { output += "\u{1B}7\u{1B}[\(regionRows);1H\u{1B}[2K\u{1B}8" }
                output += "\u{1B}7\u{1B}[1;\(rows - 1)r\u{1B}8"
                regionRows = rows
            }
        }
        output += "\u{1B}7\u{1B}[\(rows);1H\u{1B}[2K\u{1B}[7m\(text.prefix(columns - 1))\u{1B}[0m\u{1B}8"
        FileHandle.standardError.write(Data(output.utf8))
    }

    /// Clears the line and gives the whole terminal back to the logs.
    public func remove() {
        let rows = self.regionRows.withLock { rows in
            defer { rows = 0 }
            return rows
        }
        guard rows > 0 else { return }
        FileHandle.standardError.write(Data("\u{1B}7\u{1B}[r\u{1B}[\(rows);1H\u{1B}[2K\u{1B}8".utf8))
    }

    private static func terminalSize() -> (rows: Int, columns: Int)? {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 2, size.ws_col > 10 else { return nil }
        return (Int(size.ws_row), Int(size.ws_col))
    }
}
