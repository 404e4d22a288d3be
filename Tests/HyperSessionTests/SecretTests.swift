import Foundation
import HyperClient
import HyperJSON
import HyperModel
import HyperSession
import Testing

@Suite("secrets stay out of local state")
struct SecretTests {
    @Test func theSecretIsInNoFileUnderCacheOrState() async throws {
        let secret = "s3cr3t-Token-9f8e7d6c5b4a"
        try await SessionHarness.with(secret: secret, sub: "ops-user") { harness in
            let session = try harness.session()
            #expect(!session.app!.id.contains(secret))
            #expect(await updates(of: session.read(.dataList(ListOptions(limit: 5)))).last?.kind == "fresh")
            _ = await updates(of: session.read(.cacheQuery(pattern: "*")))
            try await session.write(.dataUpdate(id: "movie-0001", document: ["_id": "movie-0001", "title": "t"]))
            try await session.undoLast()
            let draft = try await session.beginEdit(.data, id: "movie-0002")
            _ = try session.evaluateDraft(draft)
            await session.close()

            let files = Self.files(under: harness.root + "/cache") + Self.files(under: harness.root + "/state")
            #expect(files.count >= 4)   // cache db, journal db, a draft and its metadata
            for file in files {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the secret")
            }
        }
    }

    private static func files(under root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }.map { root + "/" + $0 }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }
}
