// swift-tools-version:6.2
// The benchmarks, apart from the product: `swift build` of the repository root and the Docker image never compile
// them. They use the main package's libraries through its library products (as swift-nio's benchmarks do).
// Run them through scripts/bench-*.sh, which build this package in release mode.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let nioPosix: Target.Dependency = .product(name: "NIOPosix", package: "swift-nio")

let package = Package(
    name: "robot-vision-benchmarks",
    products: [
        .executable(name: "bus-benchmark", targets: ["BusBenchmark"]),
        .executable(name: "stream-bench", targets: ["StreamBench"]),
        .executable(name: "nt-benchmark", targets: ["NTBenchmark"]),
        .executable(name: "localization-bench", targets: ["LocalizationBench"]),
        .executable(name: "mirror-bench", targets: ["MirrorBench"]),
    ],
    dependencies: [
        .package(name: "robot-vision", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        .executableTarget(
            name: "BusBenchmark",
            dependencies: [
                .product(name: "Bus", package: "robot-vision"),
                .product(name: "WireFormat", package: "robot-vision"),
                argumentParser,
                logging,
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "LocalizationBench",
            dependencies: [
                .product(name: "Localization", package: "robot-vision"),
                .product(name: "Vision", package: "robot-vision"),
                .product(name: "WireFormat", package: "robot-vision"),
            ],
            swiftSettings: swiftSettings
        ),
        // What targeting's results mirror (`control tap`) costs per result: docs/tap.md.
        .executableTarget(
            name: "MirrorBench",
            dependencies: [
                .product(name: "Bus", package: "robot-vision"),
                .product(name: "WireFormat", package: "robot-vision"),
                logging,
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "NTBenchmark",
            dependencies: [
                .product(name: "NetworkTables", package: "robot-vision"),
                .product(name: "WireFormat", package: "robot-vision"),
                logging,
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "StreamBench",
            dependencies: [
                .product(name: "Streaming", package: "robot-vision"),
                .product(name: "Vision", package: "robot-vision"),
                .product(name: "WireFormat", package: "robot-vision"),
                argumentParser,
                logging,
                nioPosix,
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
