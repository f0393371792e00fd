/// The data type of a NetworkTables topic, as named in NT4 `publish`/`announce` messages.
///
/// Each type has a string used in JSON control messages and a numeric id used in MessagePack value messages
/// (NT4 specification, "Supported Data Types").
public enum NTType: String, Sendable, Hashable, CaseIterable, Codable {
    case boolean
    case double
    case int
    case float
    case string
    case json
    case raw
    case rpc
    case msgpack
    case protobuf
    case booleanArray = "boolean[]"
    case doubleArray = "double[]"
    case intArray = "int[]"
    case floatArray = "float[]"
    case stringArray = "string[]"

    /// The MessagePack type id sent in binary value messages.
    public var typeID: UInt8 {
        switch self {
        case .boolean: 0
        case .double: 1
        case .int: 2
        case .float: 3
        case .string, .json: 4
        case .raw, .rpc, .msgpack, .protobuf: 5
        case .booleanArray: 16
        case .doubleArray: 17
        case .intArray: 18
        case .floatArray: 19
        case .stringArray: 20
        }
    }

    /// The NT4 type string (`"double"`, `"string[]"`, ...).
    public var typeString: String { self.rawValue }
}
