import Foundation
import HyperJSON
import HyperModel
import Testing
@testable import HyperClient

/// What each service call puts on the wire (hyper-api.md 4.4 and 8.1), checked against the
/// test server's echo of the request it received.
@Suite struct RequestShapeTests {
    let server: TestServer
    let client: HyperClient

    init() throws {
        server = try TestServer.get()
        client = try server.client()
    }

    /// Every page read goes on the wire exactly as its `call` says, the same value the page
    /// cache keys its answer by (RequestKeyTests checks that side): one encoder for both.
    @Test(arguments: [
        HyperRead.dataList(ListOptions(startkey: "a", limit: 3, descending: true)),
        .dataQuery(DataQuery(selector: ["type": "movie"], fields: ["_id"], sort: [["year": "DESC"]], limit: 5, skip: 2)),
        .dataDocument(id: "movie-1"), .cacheQuery(pattern: "movie-*"), .cacheValue(key: "k1"),
        .searchQuery(text: "dune", fields: ["title"], filter: ["type": "movie"]), .searchDocument(key: "s1"),
        .queueJobs(.error), .storageList(prefix: "docs/"),
    ])
    func eachReadIsSentAsItsCall(read: HyperRead) async throws {
        let call = read.call
        // The echo of a document read has no envelope: the client hands it back as is.
        let echo = try await client.read(read)
        #expect(echo["method"] == .string(call.method))
        #expect(echo["path"] == .string("/\(call.service.rawValue)/test" + call.path.map { "/" + $0 }.joined()))
        let query = JSON.object(.init(uniqueKeysWithValues: call.query.map { ($0.name, JSON.string($0.value)) }))
        #expect((echo["query"] ?? [:]) == query)
        #expect(echo["body"] == .string(call.body?.compact ?? ""))
        #expect((echo["headers"]?["x-hyper-legacy-get"] == "false") == call.asksForDocumentEnvelope)
    }

    @Test func dataGetEncodesTheIdAndAsksForTheWrappedShape() async throws {
        let echo = try await client.data.get("a/b c?#%")
        #expect(echo["method"] == "GET")
        #expect(echo["rawPath"] == "/data/test/a%2Fb%20c%3F%23%25")
        #expect(echo["headers"]?["x-hyper-legacy-get"] == "false")
        #expect(echo["headers"]?["content-type"] == "application/json")
        #expect(echo["headers"]?["authorization"] == nil)
    }

    @Test func dataListSendsDescendingOnlyWhenTrueAndJoinsKeys() async throws {
        let plain = try await client.data.list(ListOptions(limit: 2, keys: ["a", "b c"]))
        #expect(plain["rawPath"] == "/data/test?limit=2&keys=a%2Cb%20c")
        let descending = try await client.data.list(ListOptions(startkey: "movie-1", endkey: "movie-9", descending: true))
        #expect(descending["query"] == ["startkey": "movie-1", "endkey": "movie-9", "descending": "true"])
        #expect(try await client.data.list()["rawPath"] == "/data/test")
    }

    @Test func dataWrites() async throws {
        let add = try await client.data.add(["_id": "movie-1", "title": "Dune"])
        #expect(add["method"] == "POST")
        #expect(add["path"] == "/data/test")
        #expect(add["body"] == #"{"_id":"movie-1","title":"Dune"}"#)
        let update = try await client.data.update("movie 1", ["title": "Dune"])
        #expect(update["method"] == "PUT")
        #expect(update["rawPath"] == "/data/test/movie%201")
        let remove = try await client.data.remove("movie-1")
        #expect(remove["method"] == "DELETE")
        #expect(remove["rawPath"] == "/data/test/movie-1")
        let bulk = try await client.data.bulk([["_id": "1"], ["_id": "2", "_deleted": true]])
        #expect(bulk["rawPath"] == "/data/test/_bulk")
        #expect(bulk["body"] == #"[{"_id":"1"},{"_id":"2","_deleted":true}]"#)
        let create = try await client.data.create()
        #expect(create["method"] == "PUT")
        #expect(create["headers"]?["content-length"] == "0")
        #expect(try await client.data.destroy()["method"] == "DELETE")
    }

    @Test func dataQueryAndIndexBodies() async throws {
        let query = try await client.data.query(DataQuery(
            selector: ["type": "album"], fields: ["_id", "band"], sort: [["title": "DESC"]], limit: 2, useIndex: "idx-title"))
        #expect(query["rawPath"] == "/data/test/_query")
        #expect(query["body"] == #"{"selector":{"type":"album"},"fields":["_id","band"],"sort":[{"title":"DESC"}],"limit":2,"use_index":"idx-title"}"#)
        #expect(try await client.data.query(DataQuery())["body"] == "{}")
        let index = try await client.data.index(name: "idx-title", fields: ["title"], partialFilter: ["type": "album"])
        #expect(index["rawPath"] == "/data/test/_index")
        #expect(index["body"] == #"{"fields":["title"],"name":"idx-title","partialFilter":{"type":"album"}}"#)
    }

    @Test func cacheCalls() async throws {
        let add = try await client.cache.add(key: "movie-1", value: ["title": "Dune"], ttl: "2h")
        #expect(add["body"] == #"{"key":"movie-1","value":{"title":"Dune"},"ttl":"2h"}"#)
        let get = try await client.cache.get("k/1")
        #expect(get["rawPath"] == "/cache/test/k%2F1")
        #expect(get["headers"]?["x-hyper-legacy-get"] == "false")
        let set = try await client.cache.set(key: "movie-1", value: ["title": "Dune"], ttl: "60000")
        #expect(set["method"] == "PUT")
        #expect(set["rawPath"] == "/cache/test/movie-1?ttl=60000")
        #expect(set["body"] == #"{"title":"Dune"}"#)
        #expect(try await client.cache.set(key: "a", value: [:])["rawPath"] == "/cache/test/a")
        let query = try await client.cache.query()
        #expect(query["method"] == "POST")
        #expect(query["rawPath"] == "/cache/test/_query?pattern=*")
        #expect(try await client.cache.query(pattern: "movie-*")["rawPath"] == "/cache/test/_query?pattern=movie-*")
        #expect(try await client.cache.remove("movie-1")["method"] == "DELETE")
    }

    @Test func searchCalls() async throws {
        let add = try await client.search.add(key: "movie-1", doc: ["title": "Dune"])
        #expect(add["body"] == #"{"key":"movie-1","doc":{"title":"Dune"}}"#)
        let query = try await client.search.query("Ironman", fields: ["title"], filter: ["type": "movie"])
        #expect(query["rawPath"] == "/search/test/_query")
        #expect(query["body"] == #"{"query":"Ironman","fields":["title"],"filter":{"type":"movie"}}"#)
        #expect(try await client.search.query("Jaws")["body"] == #"{"query":"Jaws"}"#)
        let create = try await client.search.create(fields: ["title", "type"], storeFields: ["title"])
        #expect(create["method"] == "PUT")
        #expect(create["body"] == #"{"fields":["title","type"],"storeFields":["title"]}"#)
        #expect(try await client.search.load([["id": "1"]])["rawPath"] == "/search/test/_bulk")
        #expect(try await client.search.update(key: "m 1", doc: ["a": 1])["rawPath"] == "/search/test/m%201")
    }

    @Test func storageAndQueuePaths() async throws {
        let remove = try await client.storage.remove(name: "dir one/f#1.txt")
        #expect(remove["method"] == "DELETE")
        #expect(remove["rawPath"] == "/storage/test/dir%20one/f%231.txt")
        #expect(try await client.storage.list(prefix: "dir/")["rawPath"] == "/storage/test?prefix=dir%2F")
        #expect(try await client.storage.create()["method"] == "PUT")
        let cancel = try await client.queue.cancel(id: "7")
        #expect(cancel["method"] == "POST")
        #expect(cancel["rawPath"] == "/queue/test/7/_cancel")
        #expect(try await client.queue.errors()["rawPath"] == "/queue/test?status=ERROR")
        #expect(try await client.queue.queued()["rawPath"] == "/queue/test?status=READY")
        let create = try await client.queue.create(target: "http://worker/", secret: "whsec")
        #expect(create["body"] == #"{"target":"http://worker/","secret":"whsec"}"#)
    }

    @Test func credentialsBecomeAVerifiableJWT() async throws {
        let client = try server.client(credentials: "mykey:my-secret")
        let before = Int(Date().timeIntervalSince1970)
        let echo = try await client.data.list()
        let after = Int(Date().timeIntervalSince1970)
        let header = try #require(echo["headers"]?["authorization"]?.stringValue)
        #expect(header.hasPrefix("Bearer "))
        let claims = try #require(JWT.verify(String(header.dropFirst(7)), secret: "my-secret", now: after))
        #expect(claims["sub"] == "mykey")
        let exp = try #require(claims["exp"]?.intValue)
        #expect((before + 300...after + 300).contains(exp))
    }

    @Test func bearerTokenOptionSendsTheRawToken() async throws {
        let client = try server.client(options: ClientOptions(bearerToken: "raw-token"))
        #expect(try await client.data.list()["headers"]?["authorization"] == "Bearer raw-token")
    }

    @Test func uploadStreamsTheFileWithAGuessedContentType() async throws {
        let path = temporaryPath("upload.png")
        defer { unlink(path) }
        let bytes = (0..<(3 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let seen = ProgressLog()
        let answer = try await client.storage.upload(name: "img/logo.png", fromFile: path, progress: { seen.add($0) })
        #expect(answer["size"] == .number(JSONNumber(bytes.count)))
        #expect(answer["contentType"] == "image/png")
        #expect(answer["method"] == "POST")
        let expected = try await sha256Hex(path)
        #expect(answer["sha256"]?.stringValue == expected)
        #expect(seen.last == TransferProgress(bytes: Int64(bytes.count), total: Int64(bytes.count)))
        let typed = try await client.storage.upload(name: "notes", fromFile: path, contentType: "text/plain")
        #expect(typed["contentType"] == "text/plain")
    }

    @Test func uploadOfAMissingFileSaysSo() async throws {
        await #expect {
            _ = try await client.storage.upload(name: "x", fromFile: "/nonexistent/file.txt")
        } throws: { error in
            "\(error)".contains("/nonexistent/file.txt")
        }
    }

    /// A search `limit` goes in the body to servers that announce `search-limit` (nano); the
    /// test server announces none, so the client asks for every match and keeps the first ones.
    @Test func clientSideSearchLimit() async throws {
        #expect(HyperRead.searchQuery(text: "dune", limit: 2).call.body == ["query": "dune", "limit": 2])
        let client = HyperClient(connection: try Connection.parse("\(server.base)/limittest"))
        let answer = try await client.search.query("dune", limit: 2)
        #expect(answer["matches"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["m1", "m2"])
        #expect(answer["sent"] == #"{"query":"dune"}"#)
        #expect(try await client.search.query("dune")["matches"]?.arrayValue?.count == 3)
    }

    /// hyper's sqlite cache merges a set into the old value (H5): a field the new value leaves out
    /// stays. The answer says which, instead of a bare ok.
    @Test func aCacheSetThatTheServerMergedSaysWhatItKept() async throws {
        let client = HyperClient(connection: try Connection.parse("\(server.base)/mergetest"))
        let first = try await client.cache.set(key: "k", value: ["a": 1, "b": 2])
        #expect(first == ["ok": true], "nothing left out the first time")
        let second = try await client.cache.set(key: "k", value: ["a": 5])
        #expect(second["ok"] == true)
        #expect(second["warning"]?.stringValue?.contains("kept 'b'") == true, "\(second)")
    }

    /// hyper's sqlite cache reads `_` in a pattern as "any character" (H6): the keys it answers
    /// are matched again, so `user_1*` lists no `userx1b`.
    @Test func aCacheQuerysKeysAreMatchedAgainstItsPattern() async throws {
        let client = HyperClient(connection: try Connection.parse("\(server.base)/globtest"))
        let answer = try await client.cache.query(pattern: "user_1*")
        #expect(answer["docs"]?.arrayValue?.compactMap { $0["key"]?.stringValue } == ["user_1a", "user_10"])
        #expect(answer["pattern"] == "user_1*")
        // A second `*` would be taken literally there: the server gets the pattern up to the first.
        let two = try await client.cache.query(pattern: "user*0")
        #expect(two["pattern"] == "user*0", "one * is sent whole")
        let three = try await client.cache.query(pattern: "user*1*0")
        #expect(three["pattern"] == "user*")
        #expect(three["docs"]?.arrayValue?.compactMap { $0["key"]?.stringValue } == ["user_10"])
    }

    /// A host whose `GET /` is not hyper's (a cloud front page, a proxy) announces no extension:
    /// the calls that ask still go, without them.
    @Test func aServerWithoutHypersRootAnnouncesNothing() async throws {
        let frontPage = HyperClient(connection: try Connection.parse("\(server.otherHostBase)/globtest"))
        #expect(try await !frontPage.announces("cache-glob"))
        let keys = try await frontPage.cache.query(pattern: "user_1*")["docs"]?.arrayValue?.compactMap { $0["key"]?.stringValue }
        #expect(keys == ["user_1a", "user_10"], "the query still goes, its keys matched here")
        let broken = HyperClient(connection: try Connection.parse("http://127.0.0.1:9/globtest"))
        await #expect(throws: HyperError.self, "an unreachable server is not taken for one without extensions") {
            _ = try await broken.announces("cache-glob")
        }
    }

    @Test func clientSideQueueRetry() async throws {
        // The test server's GET / announces no "queue-retry": the client re-enqueues and cancels.
        let client = HyperClient(connection: try Connection.parse("\(server.base)/retrytest"))
        let answer = try await client.queue.retry(id: "7")
        #expect(answer["ok"] == true && answer["id"] == 8)
        // The server kept job 7 although it answered ok to the cancel: said, not hidden.
        #expect(answer["warning"]?.stringValue?.contains("the server kept errored job 7") == true, "\(answer)")
        let events = try await client.call("GET", server.base + "/_events")["events"]?.arrayValue ?? []
        let mine = events.filter { $0["path"]?.stringValue?.hasPrefix("/queue/retrytest") == true }
        #expect(mine.count >= 2)
        let enqueue = try #require(mine.last(where: { $0["path"] == "/queue/retrytest" }))
        #expect(enqueue["body"] == #"{"type":"NEW_MOVIE","id":"movie-1"}"#)
        #expect(mine.contains { $0["path"] == "/queue/retrytest/7/_cancel" })
        // A cancel alone is not believed either: the job is still listed, so it was not done.
        await #expect {
            _ = try await client.queue.cancel(id: "7")
        } throws: { error in
            guard case .notDone(let why)? = error as? HyperError else { return false }
            return why.contains("job 7") && (error as? HyperError)?.exitCode == 1
        }
        await #expect {
            _ = try await client.queue.retry(id: "99")
        } throws: { error in
            (error as? HyperError)?.status == 404
        }
    }
}

/// sha256 of a file, by the system's sha256sum (an independent implementation).
func sha256Hex(_ path: String) async throws -> String {
    let output = temporaryPath("sha256.txt")
    defer { unlink(output) }
    _ = try await run("/usr/bin/env", ["sha256sum", path], output: output)
    return try String(contentsOfFile: output, encoding: .utf8).split(separator: " ").first.map(String.init) ?? ""
}
