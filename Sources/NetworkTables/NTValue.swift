/// A NetworkTables 4 value of one of the spec's data types.
///
/// Integers are 64-bit signed (`int`), floating-point values are `double` (64-bit) or `float` (32-bit), and
/// `raw` holds bytes (also used for `rpc`, `msgpack`, `protobuf` and struct types).
public enum NTValue: Sendable, Hashable {
    case boolean(Bool)
    case double(Double)
    case int(Int64)
    case float(Float)
    case string(String)
    case raw([UInt8])
    case booleanArray([Bool])
    case doubleArray([Double])
    case intArray([Int64])
    case floatArray([Float])
    case stringArray([String])

    /// The MessagePack type id this value is sent with.
    public var typeID: UInt8 {
        switch self {
        case .boolean: 0
        case .double: 1
        case .int: 2
        case .float: 3
        case .string: 4
        case .raw: 5
        case .booleanArray: 16
        case .doubleArray: 17
        case .intArray: 18
        case .floatArray: 19
        case .stringArray: 20
        }
    }

    /// Whether this value may be sent on a topic of `type` (their MessagePack type ids agree).
    public func isCompatible(with type: NTType) -> Bool {
        self.typeID == type.typeID
    }
}
