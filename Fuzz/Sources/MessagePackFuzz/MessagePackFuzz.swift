import LibFuzzerDriver
import NetworkTables

/// libFuzzer's target, one input: the NT4 MessagePack reader must reject or decode any frame without trapping,
/// and skip any value.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    _ = try? NT4BinaryMessage.decodeFrame(bytes)
    var reader = MessagePackReader(bytes)
    while !reader.isAtEnd, (try? reader.skipValue()) != nil {}
    return 0
}

/// The executable's entry point (SwiftPM names it `<module>_main`): hands over to libFuzzer's driver.
@_cdecl("MessagePackFuzz_main")
func messagePackFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { fuzzOne($0, $1) }
}
