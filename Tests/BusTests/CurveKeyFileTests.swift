import Foundation
import TestSupport
import Testing

@testable import Bus

/// `control keygen`'s files: the secret key private (0600), no overwrite, read back as written, and bad files refused.
@Suite struct CurveKeyFileTests {
    @Test func keygenWritesAPrivateSecretKeyAndAPublicKeyThatReadBack() throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = try KeyFile.generate(name: "operator", inDirectory: directory.path)
        #expect(written.secret == directory.path + "/operator.key")
        let secretMode = try FileManager.default.attributesOfItem(atPath: written.secret)[.posixPermissions] as? Int
        let publicMode = try FileManager.default.attributesOfItem(atPath: written.public)[.posixPermissions] as? Int
        #expect(secretMode == 0o600)
        #expect(publicMode == 0o644)
        let pair = try KeyFile.keyPair(at: written.secret)
        #expect(try KeyFile.publicKey(at: written.public) == pair.publicKey)
        #expect(pair.publicKey != pair.secretKey)
        #expect(!(try String(contentsOfFile: written.public, encoding: .utf8)).contains(pair.secretKey.z85))
        #expect(try KeyFile.publicKeys(inDirectory: directory.path) == ["operator": pair.publicKey])
        #expect(KeyFile.name(ofPath: written.public) == "operator")
    }

    @Test func keygenRefusesToOverwriteEitherFile() throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try KeyFile.generate(name: "targeting", inDirectory: directory.path)
        let before = try String(contentsOfFile: first.secret, encoding: .utf8)
        #expect(throws: SecurityError.keyFileExists(path: first.secret)) {
            try KeyFile.generate(name: "targeting", inDirectory: directory.path)
        }
        #expect(try String(contentsOfFile: first.secret, encoding: .utf8) == before)
        // Only the public file left: still refused, and no secret key is written beside it.
        try FileManager.default.removeItem(atPath: first.secret)
        #expect(throws: SecurityError.keyFileExists(path: first.public)) {
            try KeyFile.generate(name: "targeting", inDirectory: directory.path)
        }
        #expect(!FileManager.default.fileExists(atPath: first.secret))
    }

    @Test func badNamesAndBadFilesAreRefusedWithTheirPath() throws {
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["", "../x", ".hidden", "a/b", String(repeating: "n", count: 65)] {
            #expect(throws: SecurityError.badKeyName(name)) { try KeyFile.generate(name: name, inDirectory: directory.path) }
        }
        let written = try KeyFile.generate(name: "svc", inDirectory: directory.path)
        chmod(written.secret, 0o644)
        #expect(throws: SecurityError.exposedSecretKey(path: written.secret)) { try KeyFile.keyPair(at: written.secret) }
        let broken = directory.path + "/broken.pub"
        try "public-key = \"not a key\"\n".write(toFile: broken, atomically: true, encoding: .utf8)
        #expect(throws: SecurityError.self) { try KeyFile.publicKey(at: broken) }
        #expect(throws: SecurityError.self) { try KeyFile.publicKey(at: directory.path + "/missing.pub") }
        #expect(throws: SecurityError.self) { try CurveKey(z85: "short") }
    }

    @Test func readsCzmqCertificatesAndRoundTripsRawKeys() throws {
        let pair = try CurveKeyPair.generate()
        let directory = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        // czmq's zcert_save_public layout.
        let path = directory.path + "/peer.pub"
        try """
            #   ****  Generated on 2026-12-03 by CZMQ  ****
            #   ZeroMQ CURVE Public Certificate
            metadata
            curve
                public-key = "\(pair.publicKey.z85)"

            """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try KeyFile.publicKey(at: path) == pair.publicKey)
        #expect(CurveKey(bytes: pair.publicKey.bytes) == pair.publicKey)
        #expect(CurveKey(bytes: [1, 2, 3]) == nil)
    }
}
