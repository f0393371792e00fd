import LibFuzzerDriver
import WireFormat

/// libFuzzer's target, one input: `WireFormat.decode` must reject or decode any bytes without trapping, and
/// whatever it decodes must encode and decode again.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let frame = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard let message = try? WireFormat.decode(frame) else { return 0 }
    guard (try? WireFormat.decode(WireFormat.encode(message))) != nil else {
        fatalError("a decoded message does not decode again after encoding: \(message)")
    }
    return 0
}

/// The executable's entry point (SwiftPM names it `<module>_main`): hands over to libFuzzer's driver.
@_cdecl("WireFuzz_main")
func wireFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { fuzzOne($0, $1) }
}
