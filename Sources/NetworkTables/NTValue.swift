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

    /// The NT4 type this value is sent as: its MessagePack type id is ``typeID``.
    public var type: NTType {
        switch self {
        case .boolean: .boolean
        case .double: .double
        case .int: .int
        case .float: .float
        case .string: .string
        case .raw: .raw
        case .booleanArray: .booleanArray
        case .doubleArray: .doubleArray
        case .intArray: .intArray
        case .floatArray: .floatArray
        case .stringArray: .stringArray
        }
    }

    /// The MessagePack type id this value is sent with.
    public var typeID: UInt8 { self.type.typeID }

    /// Whether this value may be sent on a topic of `type` (their MessagePack type ids agree).
    public func isCompatible(with type: NTType) -> Bool {
        self.typeID == type.typeID
    }
}
