// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let serviceLifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let yams: Target.Dependency = .product(name: "Yams", package: "Yams")
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioPosix: Target.Dependency = .product(name: "NIOPosix", package: "swift-nio")
let nioHTTP1: Target.Dependency = .product(name: "NIOHTTP1", package: "swift-nio")
let nioWebSocket: Target.Dependency = .product(name: "NIOWebSocket", package: "swift-nio")

let package = Package(
    name: "robot-vision",
    products: [
        .executable(name: "targeting", targets: ["Targeting"]),
        .executable(name: "camstreamer", targets: ["CamStreamer"]),
        .executable(name: "control", targets: ["Control"]),
        // Libraries for the benchmarks package (Benchmarks/), which depends on this one by path.
        .library(name: "WireFormat", targets: ["WireFormat"]),
        .library(name: "Bus", targets: ["Bus"]),
        .library(name: "Vision", targets: ["Vision"]),
        .library(name: "Streaming", targets: ["Streaming"]),
        .library(name: "NetworkTables", targets: ["NetworkTables"]),
        .library(name: "Localization", targets: ["Localization"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // MARK: - C libraries

        .systemLibrary(
            name: "CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        // The AprilRobotics AprilTag library, vendored (BSD 2-Clause; Sources/CAprilTag/apriltag/VENDORED.md) and
        // always compiled -O3, debug builds included: at Debian's -O2 it ran slower than WPILib's detector.
        // Only CVision's C++ includes it.
        .target(
            name: "CAprilTag",
            exclude: ["apriltag/LICENSE.md", "apriltag/VENDORED.md"],
            // NDEBUG: the library's asserts off, as in its CMake release build. -w: the third-party code's own
            // warnings (pre-C23 prototypes) are not this project's to fix.
            cSettings: [.headerSearchPath("apriltag"), .define("NDEBUG"), .unsafeFlags(["-O3", "-w"])],
            linkerSettings: [.linkedLibrary("m"), .linkedLibrary("pthread")]
        ),
        // C shim over OpenCV 4 (libopencv-dev) and AprilTag. Debian's opencv4.pc links all 55 OpenCV modules,
        // so instead of a pkg-config system library the shim takes OpenCV's include directory directly and
        // links only the five modules it uses.
        .target(
            name: "CVision",
            dependencies: ["CAprilTag"],
            cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4"])],
            linkerSettings: [
                .linkedLibrary("opencv_core"),
                .linkedLibrary("opencv_imgproc"),
                .linkedLibrary("opencv_imgcodecs"),
                .linkedLibrary("opencv_videoio"),
                .linkedLibrary("opencv_calib3d"),
            ]
        ),

        // MARK: - Libraries

        .target(name: "WireFormat", swiftSettings: swiftSettings),
        // Dedicated OS threads and their hand-off to async code (package-internal toolkit of Bus and Vision).
        .target(name: "ThreadSupport", swiftSettings: swiftSettings),
        .target(name: "Vision", dependencies: ["CVision", "WireFormat", "ThreadSupport"], swiftSettings: swiftSettings),
        .target(name: "Localization", dependencies: ["CVision", "Vision", "WireFormat"], swiftSettings: swiftSettings),
        .target(
            name: "Bus",
            dependencies: ["CZeroMQ", "WireFormat", "ThreadSupport", logging],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ServiceRuntime",
            dependencies: ["Bus", "WireFormat", logging, serviceLifecycle, yams, argumentParser],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Supervision",
            dependencies: ["ServiceRuntime", "Bus", "WireFormat", "ThreadSupport", logging, serviceLifecycle],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Streaming",
            dependencies: ["WireFormat", "Vision", logging, serviceLifecycle, nioCore, nioPosix, nioHTTP1],
            swiftSettings: swiftSettings
        ),
        // Match recording: WPILib DataLog and MJPEG Matroska writers and readers, and the recorder's writer thread.
        .target(
            name: "Recording",
            dependencies: ["Vision", "WireFormat", "NetworkTables", "ThreadSupport", logging],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TargetingService",
            dependencies: [
                "Localization", "ServiceRuntime", "Bus", "WireFormat", "Vision", "NetworkTables", "Recording", logging,
                serviceLifecycle,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CamStreamerService",
            dependencies: [
                "ServiceRuntime", "Bus", "WireFormat", "Vision", "Streaming", "NetworkTables", logging, serviceLifecycle,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "NetworkTables",
            dependencies: ["WireFormat", logging, serviceLifecycle, nioCore, nioPosix, nioHTTP1, nioWebSocket],
            swiftSettings: swiftSettings
        ),

        // MARK: - Executables

        .executableTarget(
            name: "Targeting",
            dependencies: [
                "TargetingService", "Localization", "ServiceRuntime", "Bus", "WireFormat", "Vision", "NetworkTables",
                argumentParser,
                logging, serviceLifecycle,
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "CamStreamer",
            dependencies: [
                "CamStreamerService", "ServiceRuntime", "Bus", "WireFormat", "Vision", "Streaming", "NetworkTables",
                argumentParser, logging, serviceLifecycle,
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "Control",
            dependencies: ["Supervision", "ServiceRuntime", "Bus", argumentParser, logging],
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests

        // Shared by every test target: free ports, child processes, Python peers, waiting for conditions, test data.
        .target(
            name: "TestSupport",
            dependencies: ["ThreadSupport", logging],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "WireFormatTests", dependencies: ["WireFormat"], swiftSettings: swiftSettings),
        .testTarget(
            name: "VisionTests",
            dependencies: ["Vision", "WireFormat", "ServiceRuntime", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LocalizationTests",
            dependencies: ["Localization", "Vision", "WireFormat", "TestSupport"],
            exclude: ["peers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RecordingTests",
            dependencies: ["Recording", "Vision", "WireFormat", "TestSupport", logging],
            exclude: ["peers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "BusTests", dependencies: ["Bus", "WireFormat", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ServiceRuntimeTests",
            dependencies: ["ServiceRuntime", "Bus", "WireFormat", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SupervisionTests",
            dependencies: [
                "Supervision", "ServiceRuntime", "Bus", "WireFormat", "TestSupport", logging, serviceLifecycle,
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StreamingTests",
            dependencies: [
                "Streaming", "WireFormat", "Vision", "ServiceRuntime", "TestSupport", logging, serviceLifecycle,
                nioCore, nioPosix, nioHTTP1,
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NetworkTablesTests",
            dependencies: [
                "NetworkTables", "WireFormat", "ServiceRuntime", "TestSupport", logging, serviceLifecycle, nioCore,
                nioPosix, nioHTTP1, nioWebSocket,
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["Bus", "WireFormat", "Vision", "TestSupport", logging],
            exclude: ["peers"],
            swiftSettings: swiftSettings
        ),
    ],
    cxxLanguageStandard: .cxx17
)
