import Foundation
import Localization
import TestSupport
import Testing

@Suite struct FieldLayoutTests {
    @Test func officialNamesAreTheIssuesLayouts() {
        #expect(
            Set(FieldLayout.officialNames).isSuperset(of: [
                "2024-crescendo", "2025-reefscape-welded", "2025-reefscape-andymark", "2026-rebuilt-welded",
                "2026-rebuilt-andymark",
            ])
        )
    }

    @Test func shippedLayoutsEqualRobotpyApriltag() async throws {
        guard PythonPeer.available(for: "the comparison with robotpy-apriltag's layouts") else { return }
        let script = """
            import json, robotpy_apriltag as ra
            fields = {"2024-crescendo": ra.AprilTagField.k2024Crescendo,
                      "2025-reefscape-welded": ra.AprilTagField.k2025ReefscapeWelded,
                      "2025-reefscape-andymark": ra.AprilTagField.k2025ReefscapeAndyMark,
                      "2026-rebuilt-welded": ra.AprilTagField.k2026RebuiltWelded,
                      "2026-rebuilt-andymark": ra.AprilTagField.k2026RebuiltAndyMark}
            out = {}
            for name, field in fields.items():
                l = ra.AprilTagFieldLayout.loadField(field)
                tags = []
                for t in l.getTags():
                    q = t.pose.rotation().getQuaternion()
                    tags.append([t.ID, t.pose.X(), t.pose.Y(), t.pose.Z(), q.W(), q.X(), q.Y(), q.Z()])
                out[name] = {"length": l.getFieldLength(), "width": l.getFieldWidth(), "tags": tags}
            print(json.dumps(out))
            """
        let result = try await PythonPeer.run(["-c", script])
        try #require(result.status == 0)
        let decoded = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        let reference = try #require(decoded as? [String: [String: Any]])
        #expect(Set(reference.keys) == Set(FieldLayout.officialNames))
        for (name, expected) in reference {
            let layout = try FieldLayout.load(nameOrPath: name)
            let tags = try #require(expected["tags"] as? [[Double]])
            #expect(abs(layout.fieldLength - (expected["length"] as? Double ?? 0)) < 1e-9, "\(name)")
            #expect(abs(layout.fieldWidth - (expected["width"] as? Double ?? 0)) < 1e-9, "\(name)")
            #expect(Set(layout.tags.map(\.id)) == Set(tags.map { Int($0[0]) }), "\(name)")
            #expect(layout.tags.count == tags.count, "\(name)")
            for tag in tags {
                let pose = try #require(layout.pose(ofTag: Int(tag[0])))
                let t = pose.translation
                #expect(abs(t.x - tag[1]) < 1e-9 && abs(t.y - tag[2]) < 1e-9 && abs(t.z - tag[3]) < 1e-9, "\(name)")
                // q and -q are the same rotation.
                let q = pose.rotation
                let dot = q.w * tag[4] + q.x * tag[5] + q.y * tag[6] + q.z * tag[7]
                #expect(abs(abs(dot) - 1) < 1e-9, "\(name) tag \(Int(tag[0]))")
                let sign: Double = dot < 0 ? -1 : 1
                #expect(
                    abs(q.w - sign * tag[4]) < 1e-9 && abs(q.x - sign * tag[5]) < 1e-9
                        && abs(q.y - sign * tag[6]) < 1e-9 && abs(q.z - sign * tag[7]) < 1e-9,
                    "\(name) tag \(Int(tag[0]))"
                )
            }
        }
    }

    @Test func loadsAFileInWPILibsFormat() throws {
        let directory = try TemporaryDirectory.make("localization-tests")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("layout.json").path
        try Data(Self.layoutJSON(tags: [(1, "1.0"), (2, "2.0")]).utf8).write(to: URL(fileURLWithPath: path))
        let layout = try FieldLayout.load(nameOrPath: path)
        #expect(layout.tags.map(\.id) == [1, 2])
        #expect(layout.pose(ofTag: 2)?.translation == Translation3(x: 2, y: 2, z: 0.5))
        #expect(layout.pose(ofTag: 3) == nil)
        #expect(layout.fieldLength == 16.5 && layout.fieldWidth == 8)
    }

    @Test func badLayoutsGiveOneLineErrors() throws {
        let cases: [(String, (FieldLayoutError) -> Bool)] = [
            ("{not json", { if case .invalidFormat = $0 { true } else { false } }),
            (
                #"{"tags": [{"ID": 1}], "field": {"length": 1, "width": 1}}"#,
                { if case .invalidFormat = $0 { true } else { false } }
            ),
            (Self.layoutJSON(tags: [(7, "1.0"), (7, "2.0")]), { $0 == .duplicateID(source: "<memory>", id: 7) }),
            (Self.layoutJSON(tags: [(1, "1e999")]), { _ in true }),
            (
                Self.layoutJSON(tags: [(1, "1.0")], quaternion: "0, 0, 0, 0"),
                { if case .invalidValue = $0 { true } else { false } }
            ),
            (Self.layoutJSON(tags: [(-1, "1.0")]), { if case .invalidValue = $0 { true } else { false } }),
        ]
        for (json, matches) in cases {
            #expect {
                try FieldLayout.parse(Data(json.utf8))
            } throws: { error in
                guard let error = error as? FieldLayoutError else { return false }
                print("layout error: \(error)")
                return matches(error) && !error.description.contains("\n")
            }
        }
        #expect(throws: FieldLayoutError.notFound(nameOrPath: "/nonexistent/2099-game.json")) {
            try FieldLayout.load(nameOrPath: "/nonexistent/2099-game.json")
        }
        #expect(FieldLayoutError.notFound(nameOrPath: "x").description.contains("2026-rebuilt-welded"))
    }

    /// A layout with the given tag ids, each at x = y = the given number, z = 0.5.
    static func layoutJSON(tags: [(Int, String)], quaternion: String = "1, 0, 0, 0") -> String {
        let q = quaternion.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let entries = tags.map { id, x in
            #"{"ID": \#(id), "pose": {"translation": {"x": \#(x), "y": \#(x), "z": 0.5}, "#
                + #""rotation": {"quaternion": {"W": \#(q[0]), "X": \#(q[1]), "Y": \#(q[2]), "Z": \#(q[3])}}}}"#
        }
        return #"{"tags": [\#(entries.joined(separator: ", "))], "field": {"length": 16.5, "width": 8}}"#
    }
}
