import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// File-system helpers for image-folder sources.
enum FileSystem {
    static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "bmp", "ppm", "pgm", "tif", "tiff", "webp"]

    static func isDirectory(_ path: String, _ isDirectory: inout Bool) -> Bool {
        var flag: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &flag)
        isDirectory = flag.boolValue
        return exists
    }

    /// Image files in a folder, or the matches of a glob pattern, sorted by path.
    static func imagePaths(_ folderOrGlob: String) -> [String] {
        var isDirectory = false
        if Self.isDirectory(folderOrGlob, &isDirectory), isDirectory {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folderOrGlob)) ?? []
            return names.filter { Self.imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
                .sorted()
                .map { (folderOrGlob as NSString).appendingPathComponent($0) }
        }
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(folderOrGlob, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let cString = result.gl_pathv[index] { paths.append(String(cString: cString)) }
        }
        return paths.sorted()
    }
}
