import Bus
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import ThreadSupport

/// `q` or Esc in `control up`'s terminal stops the stack, as the seed's main process did.
///
/// Standard input is put in non-canonical mode without echo, so a key acts without Enter; Ctrl-C still sends
/// SIGINT. A dedicated thread polls it. ``restore()`` puts the terminal back as it was.
public final class KeyboardStop: Sendable {
    private static let escape: UInt8 = 0x1B

    private let saved: termios
    private let listening = Atomic<Bool>(true)
    private let thread = Mutex<DedicatedThread?>(nil)

    /// Starts listening when standard input is a terminal; `nil` otherwise (a service manager, a pipe, a test).
    /// `onStop` runs once, on the reader thread, when `q`, `Q` or a lone Esc is pressed.
    public init?(onStop: @escaping @Sendable () -> Void) {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        var attributes = termios()
        guard tcgetattr(STDIN_FILENO, &attributes) == 0 else { return nil }
        self.saved = attributes
        attributes.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &attributes.c_cc) { characters in
            characters[Int(VMIN)] = 1
            characters[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSANOW, &attributes) == 0 else { return nil }
        self.thread.withLock {
            $0 = DedicatedThread(name: "keyboard") { [self] in self.readKeys(onStop: onStop) }
        }
    }

    /// Stops listening and gives the terminal back its settings.
    public func restore() {
        guard self.listening.exchange(false, ordering: .acquiringAndReleasing) else { return }
        var saved = self.saved
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        self.thread.withLock { $0 }?.join()
    }

    private func readKeys(onStop: @Sendable () -> Void) {
        var keys = [UInt8](repeating: 0, count: 16)
        while self.listening.load(ordering: .acquiring) {
            var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&input, 1, 200) > 0 else { continue }
            let count = read(STDIN_FILENO, &keys, keys.count)
            if count <= 0 { return }  // end of input: nobody can press a key any more
            // Arrow and function keys arrive as an escape sequence in one read; a lone Esc is one byte.
            if count == 1, keys[0] == UInt8(ascii: "q") || keys[0] == UInt8(ascii: "Q") || keys[0] == Self.escape {
                onStop()
                return
            }
        }
    }
}
