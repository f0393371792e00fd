/// The data type of a NetworkTables topic, as named in NT4 `publish`/`announce` messages.
///
/// Each type has a string used in JSON control messages and a numeric id used in MessagePack value messages
/// (NT4 specification, "Supported Data Types"). WPILib's packed structs travel as raw bytes on a topic typed
/// `struct:<Name>`, their schemas as raw UTF-8 text on `/.schema/struct:<Name>` typed `structschema`;
/// PhotonVision's messages likewise as `photonstruct:<Type>:<UUID>` with `photonstructschema` schemas.
public enum NTType: Sendable, Hashable {
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
    case booleanArray
    case doubleArray
    case intArray
    case floatArray
    case stringArray
    /// A WPILib struct schema (`structschema`): the schema's text as raw bytes.
    case structSchema
    /// A WPILib packed struct named `name` (`struct:Pose3d` for `.structValue("Pose3d")`): raw bytes.
    case structValue(String)
    /// A PhotonVision message schema (`photonstructschema`): the schema's text as raw bytes.
    case photonStructSchema
    /// A PhotonVision packed message (`photonstruct:<name>`, where `name` is `Type:UUID`): raw bytes.
    case photonStructValue(String)

    /// The MessagePack type id sent in binary value messages.
    public var typeID: UInt8 {
        switch self {
        case .boolean: 0
        case .double: 1
        case .int: 2
        case .float: 3
        case .string, .json: 4
        case .raw, .rpc, .msgpack, .protobuf, .structSchema, .structValue, .photonStructSchema, .photonStructValue: 5
        case .booleanArray: 16
        case .doubleArray: 17
        case .intArray: 18
        case .floatArray: 19
        case .stringArray: 20
        }
    }

    /// The NT4 type string (`"double"`, `"string[]"`, `"struct:Pose3d"`, ...).
    public var typeString: String {
        switch self {
        case .boolean: "boolean"
        case .double: "double"
        case .int: "int"
        case .float: "float"
        case .string: "string"
        case .json: "json"
        case .raw: "raw"
        case .rpc: "rpc"
        case .msgpack: "msgpack"
        case .protobuf: "protobuf"
        case .booleanArray: "boolean[]"
        case .doubleArray: "double[]"
        case .intArray: "int[]"
        case .floatArray: "float[]"
        case .stringArray: "string[]"
        case .structSchema: "structschema"
        case .structValue(let name): "struct:\(name)"
        case .photonStructSchema: "photonstructschema"
        case .photonStructValue(let name): "photonstruct:\(name)"
        }
    }
}
