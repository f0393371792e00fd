/// A failed precondition or a timeout in a test, with a message that says what to do.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
