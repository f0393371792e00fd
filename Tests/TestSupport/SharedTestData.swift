import Foundation

/// The shared test images and calibrations: `../shared/testdata/frc` beside the repository.
///
/// They are not part of the repository: tests that need them check ``isAvailable(_:for:)``, which prints that
/// the test is skipped and why when a file is missing.
public enum SharedTestData {
    /// `../shared/testdata/frc` from the repository root.
    public static let root = Project.repository.deletingLastPathComponent()
        .appendingPathComponent("shared/testdata/frc")

    /// The absolute path of `relative` (e.g. `calibration/lifecam240p.json`).
    public static func path(_ relative: String) -> String {
        Self.root.appendingPathComponent(relative).path
    }

    /// Whether every file in `relatives` exists; when one does not, prints that `test` is skipped and why.
    public static func isAvailable(_ relatives: [String], for test: String) -> Bool {
        let missing = relatives.filter { !FileManager.default.fileExists(atPath: Self.path($0)) }
        guard missing.isEmpty else {
            print("Skipping \(test): shared test data \(missing.map(Self.path).joined(separator: ", ")) not found "
                + "(put the shared testdata folder at \(Self.root.deletingLastPathComponent().path))")
            return false
        }
        return true
    }
}
