/// Which frames a ``FrameSource`` delivers, chosen by configuration.
///
/// Decodes from JSON/YAML such as `{"kind": "usb", "location": "/dev/video0", "width": 320, "height": 240}`; in a
/// config file keys may be left out (ServiceRuntime lays the file over the defaults). ``parse(_:)`` builds one
/// from a single string (command lines).
public struct FrameSourceConfiguration: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// A V4L2 camera: `/dev/videoN` or `/dev/v4l/by-path/...`.
        case usb
        /// A network stream: `http://host/mjpg/video.mjpg`, `rtsp://...`.
        case ipCamera = "ip"
        /// A video file, optionally looping at its native frame rate.
        case videoFile = "file"
        /// A folder of images, or a glob pattern such as `images/*.jpg`.
        case images
        /// A rendered 2019 target at known poses (needs ``synthetic``).
        case synthetic
    }

    public var kind: Kind
    /// Device path, URL, file path, folder or glob (unused for synthetic).
    public var location: String
    /// Requested capture size and rate (USB; rate also paces files, images and synthetic frames).
    public var width: Int?
    public var height: Int?
    public var fps: Double?
    /// Manual exposure in the driver's units (USB only; nil keeps automatic exposure).
    public var exposure: Double?
    /// Ask a USB camera for MJPEG (saves USB bandwidth at higher resolutions).
    public var mjpeg: Bool
    /// Start again at the first frame at the end of a file or image list.
    public var loop: Bool
    /// Deliver file frames at the file's native rate instead of as fast as possible.
    public var realTime: Bool
    /// Network open and read timeouts, milliseconds (no read blocks longer).
    public var openTimeoutMilliseconds: Int
    public var readTimeoutMilliseconds: Int
    /// Retry policy after failures and lost sources.
    public var reconnect: ReconnectPolicy
    /// Settings of the synthetic source.
    public var synthetic: SyntheticSourceSettings?

    public init(
        kind: Kind,
        location: String = "",
        width: Int? = nil,
        height: Int? = nil,
        fps: Double? = nil,
        exposure: Double? = nil,
        mjpeg: Bool = true,
        loop: Bool = false,
        realTime: Bool = false,
        openTimeoutMilliseconds: Int = 3000,
        readTimeoutMilliseconds: Int = 2000,
        reconnect: ReconnectPolicy = .init(),
        synthetic: SyntheticSourceSettings? = nil
    ) {
        self.kind = kind
        self.location = location
        self.width = width
        self.height = height
        self.fps = fps
        self.exposure = exposure
        self.mjpeg = mjpeg
        self.loop = loop
        self.realTime = realTime
        self.openTimeoutMilliseconds = openTimeoutMilliseconds
        self.readTimeoutMilliseconds = readTimeoutMilliseconds
        self.reconnect = reconnect
        self.synthetic = synthetic
    }

    /// A USB camera.
    public static func usb(
        _ device: String,
        width: Int? = nil,
        height: Int? = nil,
        fps: Double? = nil,
        exposure: Double? = nil
    ) -> Self {
        Self(kind: .usb, location: device, width: width, height: height, fps: fps, exposure: exposure)
    }

    /// A network stream (MJPEG over HTTP, RTSP).
    public static func ipCamera(_ url: String) -> Self { Self(kind: .ipCamera, location: url) }

    /// A video file.
    public static func videoFile(_ path: String, loop: Bool = true, realTime: Bool = true) -> Self {
        Self(kind: .videoFile, location: path, loop: loop, realTime: realTime)
    }

    /// A folder of images or a glob pattern.
    public static func images(_ folderOrGlob: String, loop: Bool = true, fps: Double? = nil) -> Self {
        Self(kind: .images, location: folderOrGlob, fps: fps, loop: loop)
    }

    /// Synthetic 2019 target renders.
    public static func synthetic(_ settings: SyntheticSourceSettings) -> Self {
        Self(kind: .synthetic, fps: settings.fps, loop: true, synthetic: settings)
    }

    /// Guesses the kind from one string: `/dev/...` USB, `scheme://` network, a folder or a pattern with `*`/`?`
    /// images, anything else a video file. (Synthetic sources need settings, so they are not parsed here.)
    public static func parse(_ text: String) -> Self {
        if text.hasPrefix("/dev/") { return .usb(text) }
        if text.contains("://") { return .ipCamera(text) }
        if text.contains("*") || text.contains("?") { return .images(text) }
        var isDirectory = false
        if FileSystem.isDirectory(text, &isDirectory), isDirectory { return .images(text) }
        return .videoFile(text)
    }
}
