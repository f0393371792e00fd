#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The clock every timestamp on the bus uses: `CLOCK_MONOTONIC`, in nanoseconds.
///
/// It is shared by all processes of one host, so ages computed from it are exact between services on the same
/// host; it is not comparable between hosts.
public enum MonotonicClock {
    /// Nanoseconds since an unspecified point (usually boot).
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Seconds elapsed since `nanoseconds`, never negative.
    public static func secondsSince(_ nanoseconds: UInt64) -> Double {
        let now = Self.now()
        return now > nanoseconds ? Double(now - nanoseconds) / 1e9 : 0
    }
}
