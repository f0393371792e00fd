/// Builds NT4 topic names: `/`-separated, with one leading `/` and no empty parts.
public enum NTPath {
    /// Joins parts, dropping empty ones and duplicate slashes: `join("/vision/", "front", "tx")` is
    /// `/vision/front/tx`.
    public static func join(_ parts: String...) -> String {
        "/" + parts.flatMap { $0.split(separator: "/", omittingEmptySubsequences: true) }.joined(separator: "/")
    }
}
