import Foundation
import HyperJSON
import HyperModel
import Testing
@testable import HyperStore

/// The connection's secret must reach no file the store writes. No API takes a connection
/// string, so the app key is built from the parts of one that carries a secret, the way the
/// app does it, then every byte written is searched for the secret.
@Suite struct SecretTests {
    @Test func noFileWrittenHoldsTheSecret() throws {
        let secret = "S3cr3t-Hyper-Token-5f1c"
        let connection = try #require(URLComponents(string: "http://hyperkey:\(secret)@localhost:6363/test"))
        let app = try AppKey(host: "\(connection.host!):\(connection.port!)", domain: String(connection.path.dropFirst()))

        let cacheFolder = TempFolder(), stateFolder = TempFolder()
        let cache = try PageCache(path: cacheFolder.file("hyper-vision/cache.sqlite"))
        let journal = try Journal(path: stateFolder.file("hyper-vision/journal.sqlite"))
        let drafts = try Drafts(directory: stateFolder.file("hyper-vision/drafts"))

        let document: JSON = ["_id": "movie-1", "title": "Dune", "owner": "hyperkey"]
        try cache.store(app: app, request: listMovies, answer: ["ok": true, "docs": [document]])
        try cache.store(app: app, request: RequestKey(.dataDocument(id: "movie-1")), answer: document)
        _ = try cache.lookup(app: app, request: listMovies)
        _ = try cache.find(app: app, text: "dune")
        try cache.applyWrite(app: app, service: .data, id: "movie-1", newDocument: ["_id": "movie-1", "title": "Dune 2"])
        let entry = try journal.begin(app: app, action: .update, service: .data, target: "movie-1", before: document, after: document)
        try journal.finish(entry, outcome: .failed("network: connection refused"))
        let draft = try drafts.create(app: app, service: .data, documentID: "movie-1", base: document)
        try drafts.setNote("server unreachable", for: draft)

        let files = cacheFolder.allFiles() + stateFolder.allFiles()
        #expect(files.count >= 6)   // cache + wal + shm, journal + wal + shm, draft text + meta
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "secret found in \(file)")
        }
        // The app key itself names host and domain only.
        #expect(!app.id.contains(secret) && !app.id.contains("hyperkey"))
    }
}
