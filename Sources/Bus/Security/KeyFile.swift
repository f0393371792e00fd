import Foundation

/// CURVE key files, in czmq's certificate format (`zcert`), so czmq tools and `control keygen` read each other's:
///
/// ```
/// #   ZeroMQ CURVE Public Certificate (robot-vision: control keygen)
/// metadata
///     name = "operator"
/// curve
///     public-key = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
/// ```
///
/// `NAME.pub` holds the public key; `NAME.key` (mode 0600) holds the same plus `secret-key = "..."`. Only the
/// `public-key` and `secret-key` lines are read; a key's name is its file name without `.pub` (the ZAP handler's
/// User-Id, which the services log).
public enum KeyFile {
    /// Reads the public key of a `.pub` (or `.key`) file.
    /// - Throws: ``SecurityError`` naming the file.
    public static func publicKey(at path: String) throws(SecurityError) -> CurveKey {
        try Self.key("public-key", in: try Self.read(path), path: path)
    }

    /// Reads the key pair of a `.key` file, which must not be readable by other users.
    /// - Throws: ``SecurityError`` naming the file.
    public static func keyPair(at path: String) throws(SecurityError) -> CurveKeyPair {
        let text = try Self.read(path)
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
            mode & 0o007 != 0
        {
            throw .exposedSecretKey(path: path)
        }
        return CurveKeyPair(
            publicKey: try Self.key("public-key", in: text, path: path),
            secretKey: try Self.key("secret-key", in: text, path: path)
        )
    }

    /// The public keys of every `.pub` file in `directory` (not its subdirectories), by name.
    /// - Throws: ``SecurityError`` when the directory or a file in it cannot be read.
    public static func publicKeys(inDirectory directory: String) throws(SecurityError) -> [String: CurveKey] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .unreadableKeyFile(path: directory, reason: (error as NSError).localizedDescription)
        }
        var keys: [String: CurveKey] = [:]
        for name in names.sorted() where name.hasSuffix(".pub") {
            keys[String(name.dropLast(4))] = try Self.publicKey(at: directory + "/" + name)
        }
        return keys
    }

    /// A key's name from its file's path: `/etc/robot-vision/keys/operator.pub` is `operator`.
    public static func name(ofPath path: String) -> String {
        let file = URL(fileURLWithPath: path).lastPathComponent
        for suffix in [".pub", ".key"] where file.hasSuffix(suffix) { return String(file.dropLast(suffix.count)) }
        return file
    }

    /// Writes a new key pair as `NAME.key` (mode 0600) and `NAME.pub` (mode 0644) in `directory` (created if missing).
    /// - Returns: the paths written, secret first.
    /// - Throws: ``SecurityError/keyFileExists(path:)`` when either file exists (nothing is written then).
    @discardableResult
    public static func generate(
        name: String,
        inDirectory directory: String
    ) throws(SecurityError) -> (secret: String, public: String) {
        guard Self.isValidName(name) else { throw .badKeyName(name) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: directory, reason: (error as NSError).localizedDescription)
        }
        let secretPath = directory + "/" + name + ".key"
        let publicPath = directory + "/" + name + ".pub"
        for path in [secretPath, publicPath] where FileManager.default.fileExists(atPath: path) {
            throw .keyFileExists(path: path)
        }
        let pair = try CurveKeyPair.generate()
        let curve = "curve\n    public-key = \"\(pair.publicKey.z85)\"\n"
        let metadata = "metadata\n    name = \"\(name)\"\n"
        try Self.create(
            secretPath,
            "#   ZeroMQ CURVE **Secret** Certificate (robot-vision: control keygen)\n"
                + "#   Keep it private: it proves this identity. Share \(name).pub instead.\n"
                + metadata + curve + "    secret-key = \"\(pair.secretKey.z85)\"\n",
            mode: 0o600
        )
        do {
            try Self.create(
                publicPath,
                "#   ZeroMQ CURVE Public Certificate (robot-vision: control keygen)\n" + metadata + curve,
                mode: 0o644
            )
        } catch {
            try? FileManager.default.removeItem(atPath: secretPath)
            throw error
        }
        return (secretPath, publicPath)
    }

    /// A plain file name: 1 to 64 letters, digits, `.`, `_` or `-`, not starting with `.`.
    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && !name.hasPrefix(".")
            && name.utf8.allSatisfy { $0.isASCIIAlphanumeric || Array("._-".utf8).contains($0) }
    }

    /// Creates `path` exclusively (`O_EXCL`: never replaces a file that appeared meanwhile) with `mode`.
    private static func create(_ path: String, _ text: String, mode: mode_t) throws(SecurityError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw .keyFileExists(path: path) }
            throw .unwritable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        // The umask may have removed bits; set exactly `mode`.
        fchmod(descriptor, mode)
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw .unwritable(path: path, reason: String(cString: strerror(errno)))
        }
    }

    private static func read(_ path: String) throws(SecurityError) -> String {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard data.count <= 64 * 1024 else {
                throw SecurityError.unreadableKeyFile(path: path, reason: "larger than 64 KiB")
            }
            return String(decoding: data, as: UTF8.self)
        } catch let error as SecurityError {
            throw error
        } catch {
            throw .unreadableKeyFile(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// The value of the first `field = "..."` line.
    private static func key(_ field: String, in text: String, path: String) throws(SecurityError) -> CurveKey {
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == field else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            do {
                return try CurveKey(z85: value)
            } catch {
                throw .unreadableKeyFile(path: path, reason: "its \(field) is not 40 characters of Z85")
            }
        }
        throw .unreadableKeyFile(path: path, reason: "no `\(field) = \"...\"` line")
    }
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
