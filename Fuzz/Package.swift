// swift-tools-version:6.2
// libFuzzer targets for the decoders that read bytes from the network, apart from the product like Benchmarks/.
// Built and run by scripts/fuzz.sh with `-sanitize=fuzzer -parse-as-library` (libFuzzer supplies `main`).
import PackageDescription

let package = Package(
    name: "robot-vision-fuzz",
    products: [
        .executable(name: "wire-fuzz", targets: ["WireFuzz"]),
        .executable(name: "messagepack-fuzz", targets: ["MessagePackFuzz"]),
    ],
    dependencies: [
        .package(name: "robot-vision", path: "..")
    ],
    targets: [
        // libFuzzer's driver, called from each target's entry point (SwiftPM gives executables their own `main`).
        .target(name: "LibFuzzerDriver"),
        .executableTarget(
            name: "WireFuzz",
            dependencies: ["LibFuzzerDriver", .product(name: "WireFormat", package: "robot-vision")]
        ),
        .executableTarget(
            name: "MessagePackFuzz",
            dependencies: ["LibFuzzerDriver", .product(name: "NetworkTables", package: "robot-vision")]
        ),
    ]
)
