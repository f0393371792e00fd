#if canImport(Glibc)
import Glibc
#endif

/// A file written through `write(2)` with its errors reported (a full disk as ``RecordingError/diskFull(path:)``).
///
/// Not thread-safe: one writer thread owns it.
final class OutputFile {
    let path: String
    private var descriptor: Int32
    /// Bytes written so far.
    private(set) var size: Int = 0

    /// Creates (or truncates) the file at `path`.
    init(path: String) throws(RecordingError) {
        self.path = path
        self.descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard self.descriptor >= 0 else { throw .io(path: path, reason: Self.errorText()) }
    }

    deinit {
        if self.descriptor >= 0 { Glibc.close(self.descriptor) }
    }

    /// Writes all of `bytes`, retrying short writes and interrupts.
    func write(_ bytes: UnsafeRawBufferPointer) throws(RecordingError) {
        guard self.descriptor >= 0 else { throw .io(path: self.path, reason: "the file is closed") }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(self.descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw errno == ENOSPC || errno == EDQUOT || errno == EFBIG
                    ? .diskFull(path: self.path) : .io(path: self.path, reason: Self.errorText())
            }
            offset += written
            self.size += written
        }
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(RecordingError) {
        let outcome = bytes.withUnsafeBytes { raw in Result { () throws(RecordingError) in try self.write(raw) } }
        try outcome.get()
    }

    /// Closes the file (later writes fail); the data was already handed to the kernel by ``write(_:)-([UInt8])``.
    func close() throws(RecordingError) {
        guard self.descriptor >= 0 else { return }
        let result = Glibc.close(self.descriptor)
        self.descriptor = -1
        guard result == 0 else { throw .io(path: self.path, reason: Self.errorText()) }
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
