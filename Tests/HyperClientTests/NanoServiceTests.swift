import Foundation
import HyperJSON
import HyperModel
import TestSupport
import Testing
@testable import HyperClient

/// Every service API end to end against an in-process nano server over real HTTP.
@Suite struct NanoServiceTests {
    @Test func info() async throws {
        try await NanoFixture.with { _, client in
            let info = try await client.info()
            #expect(info["name"] == "hyper")
            #expect(Set(info["services"]?.arrayValue ?? []) == ["data", "cache", "search", "storage", "queue"])
            #expect(info["extensions"]?.arrayValue?.contains("queue-retry") == true)
            #expect(info["extensions"]?.arrayValue?.contains("search-limit") == true)
        }
    }

    @Test func dataDocuments() async throws {
        try await NanoFixture.with { _, client in
            let odd = "a/b c?#%"
            #expect(try await client.data.add(["_id": .string(odd), "type": "movie", "title": "Dune"]) == ["ok": true, "id": .string(odd)])
            #expect(try await client.data.get(odd) == ["_id": .string(odd), "type": "movie", "title": "Dune"])
            #expect(await hyperStatus { _ = try await client.data.add(["_id": .string(odd)]) } == 409)
            #expect(try await client.data.update(odd, ["_id": .string(odd), "type": "movie", "title": "Dune (1984)"])["ok"] == true)
            #expect(try await client.data.get(odd)["title"] == "Dune (1984)")
            let generated = try await client.data.add(["type": "note"])
            #expect(generated["id"]?.stringValue?.isEmpty == false)
            #expect(try await client.data.remove(odd) == ["ok": true, "id": .string(odd)])
            #expect(await hyperStatus { _ = try await client.data.get(odd) } == 404)
            #expect(await hyperStatus { _ = try await client.data.remove(odd) } == 404)
        }
    }

    @Test func dataListQueryIndexBulk() async throws {
        try await NanoFixture.with { _, client in
            let docs: [JSON] = (1001...1009).map { ["_id": .string("\($0)"), "type": "movie", "title": .string("Movie \($0)")] }
            let bulk = try await client.data.bulk(docs)
            #expect(bulk["results"]?.arrayValue?.count == 9)
            func ids(_ options: ListOptions) async throws -> [String] {
                try await client.data.list(options)["docs"]?.arrayValue?.compactMap { $0["_id"]?.stringValue } ?? []
            }
            #expect(try await ids(ListOptions()).count == 9)
            #expect(try await ids(ListOptions(keys: ["1002", "1005", "1008"])) == ["1002", "1005", "1008"])
            #expect(try await ids(ListOptions(startkey: "1004", endkey: "1008")).count == 5)
            #expect(try await ids(ListOptions(limit: 2)) == ["1001", "1002"])
            #expect(try await ids(ListOptions(descending: true)).last == "1001")
            #expect(try await ids(ListOptions(descending: false)).first == "1001")   // `false` is not sent

            #expect(try await client.data.index(name: "idx-title", fields: ["title"])["ok"] == true)
            let query = try await client.data.query(DataQuery(
                selector: ["type": "movie"], fields: ["_id", "title"], sort: [["title": "DESC"]], limit: 2, useIndex: "idx-title"))
            let found = query["docs"]?.arrayValue ?? []
            #expect(found.map { $0["_id"] } == ["1009", "1008"])
            #expect(found.first?.objectValue?.keys.sorted() == ["_id", "title"])
            #expect(try await client.data.query(DataQuery(selector: ["title": "Movie 1003"]))["docs"]?.arrayValue?.count == 1)

            _ = try await client.data.bulk([["_id": "1001", "_deleted": true]])
            #expect(try await ids(ListOptions()).count == 8)
        }
    }

    @Test func dataServiceLifecycle() async throws {
        try await NanoFixture.with { fixture, _ in
            let other = try fixture.client("http://127.0.0.1:PORT/other")
            try await expectDomainLifecycle(create: { try await other.data.create() },
                                            use: {
                                                let added = try await other.data.add(["_id": "x"])
                                                #expect(added["ok"] == true)
                                            },
                                            destroy: { try await other.data.destroy() })
        }
    }

    @Test func cache() async throws {
        try await NanoFixture.with { fixture, client in
            #expect(try await client.cache.add(key: "movie-1", value: ["title": "Dune"], ttl: "2h") == ["ok": true])
            #expect(await hyperStatus { _ = try await client.cache.add(key: "movie-1", value: ["title": "Dune"]) } == 409)
            #expect(try await client.cache.get("movie-1") == ["title": "Dune"])
            #expect(try await client.cache.set(key: "movie-2", value: ["title": "Alien"], ttl: "1d") == ["ok": true])
            #expect(try await client.cache.set(key: "movie/3", value: ["title": "Heat"]) == ["ok": true])
            #expect(try await client.cache.get("movie/3") == ["title": "Heat"])
            _ = try await client.cache.add(key: "series-1", value: ["title": "Dark"])
            let movies = try await client.cache.query(pattern: "movie*")["docs"]?.arrayValue ?? []
            #expect(Set(movies.compactMap { $0["key"]?.stringValue }) == ["movie-1", "movie-2", "movie/3"])
            #expect(try await client.cache.query()["docs"]?.arrayValue?.count == 4)
            #expect(try await client.cache.remove("movie-1") == ["ok": true])
            #expect(await hyperStatus { _ = try await client.cache.get("movie-1") } == 404)
            // A ttl that has run out: the key is gone.
            _ = try await client.cache.set(key: "short", value: ["x": 1], ttl: "1")
            try await Task.sleep(for: .milliseconds(20))
            #expect(await hyperStatus { _ = try await client.cache.get("short") } == 404)

            let other = try fixture.client("http://127.0.0.1:PORT/store2")
            try await expectDomainLifecycle(create: { try await other.cache.create() }, destroy: { try await other.cache.destroy() })
        }
    }

    @Test func search() async throws {
        try await NanoFixture.with { fixture, client in
            #expect(try await client.search.add(key: "movie-1", doc: ["title": "Ironman", "type": "movie"]) == ["ok": true])
            #expect(await hyperStatus { _ = try await client.search.add(key: "movie-1", doc: ["title": "x"]) } == 409)
            let got = try await client.search.get("movie-1")
            #expect(got["key"] == "movie-1")
            #expect(got["doc"]?["title"] == "Ironman")
            let loaded = try await client.search.load([
                ["_id": "movie-2", "title": "Spiderman", "type": "movie"],
                ["id": "book-1", "title": "Ironman Manual", "type": "book"],
            ])
            #expect(loaded["results"]?.arrayValue?.count == 2)
            let all = try await client.search.query("Ironman")["matches"]?.arrayValue ?? []
            #expect(all.count == 2)
            let filtered = try await client.search.query("Ironman", fields: ["title"], filter: ["type": "movie"])
            #expect(filtered["matches"]?.arrayValue?.count == 1)
            // nano takes the limit itself (search-limit): the best match, as without it
            #expect(try await client.search.query("Ironman", limit: 1)["matches"]?.arrayValue == Array(all.prefix(1)))
            #expect(try await client.search.update(key: "movie-2", doc: ["title": "Spider-Man", "type": "movie"])["ok"] == true)
            #expect(try await client.search.get("movie-2")["doc"]?["title"] == "Spider-Man")
            #expect(try await client.search.remove("movie-2") == ["ok": true])
            #expect(await hyperStatus { _ = try await client.search.get("movie-2") } == 404)

            let other = try fixture.client("http://127.0.0.1:PORT/idx2")
            try await expectDomainLifecycle(create: { try await other.search.create(fields: ["title"], storeFields: ["title"]) },
                                            destroy: { try await other.search.destroy() }, destroyAgain: nil)
        }
    }

    @Test func storage() async throws {
        try await NanoFixture.with { fixture, client in
            let source = temporaryPath("hello world.txt")
            let target = temporaryPath("downloaded.txt")
            defer { unlink(source); unlink(target) }
            try "hello, hyper\n".write(toFile: source, atomically: true, encoding: .utf8)
            let name = "dir one/hello #1.txt"
            #expect(try await client.storage.upload(name: name, fromFile: source) == ["ok": true])
            let listed = try await client.storage.list(prefix: "dir one/")["objects"]?.arrayValue ?? []
            #expect(listed.map { $0["name"] } == [.string(name)])
            #expect(listed.first?["size"] == 13)
            let result = try await client.storage.download(name: name, toFile: target)
            #expect(result.bytes == 13)
            #expect(result.contentType?.hasPrefix("text/plain") == true)
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "hello, hyper\n")

            // Into an open descriptor: appended at its position, left open.
            let appended = temporaryPath("appended.txt")
            defer { unlink(appended) }
            try "before\n".write(toFile: appended, atomically: true, encoding: .utf8)
            let fd = open(appended, O_WRONLY | O_APPEND)
            defer { close(fd) }
            #expect(try await client.storage.download(name: name, toDescriptor: fd).bytes == 13)
            #expect(fcntl(fd, F_GETFD) != -1)
            #expect(try String(contentsOfFile: appended, encoding: .utf8) == "before\nhello, hyper\n")

            #expect(try await client.storage.remove(name: name) == ["ok": true])
            #expect(await hyperStatus { _ = try await client.storage.download(name: name, toFile: target) } == 404)
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "hello, hyper\n")   // untouched by the 404

            let other = try fixture.client("http://127.0.0.1:PORT/bucket2")
            try await expectDomainLifecycle(create: { try await other.storage.create() }, destroy: { try await other.storage.destroy() })
        }
    }

    @Test func storageStreamsLargeFilesBothWays() async throws {
        try await NanoFixture.with { _, client in
            let source = temporaryPath("large.bin")
            let target = temporaryPath("large-copy.bin")
            defer { unlink(source); unlink(target) }
            let size = 24 * 1024 * 1024
            #expect(try await run("/usr/bin/env", ["head", "-c", "\(size)", "/dev/urandom"], output: source) == 0)
            let uploads = ProgressLog()
            #expect(try await client.storage.upload(name: "big/large.bin", fromFile: source, progress: { uploads.add($0) })["ok"] == true)
            #expect(uploads.last == TransferProgress(bytes: Int64(size), total: Int64(size)))
            let result = try await client.storage.download(name: "big/large.bin", toFile: target)
            #expect(result.bytes == Int64(size))
            let copied = try await sha256Hex(target)
            #expect(try await sha256Hex(source) == copied)
        }
    }

    @Test func queueErrorsAndServerSideRetry() async throws {
        try await NanoFixture.with { fixture, _ in
            let jobs = try fixture.client("http://127.0.0.1:PORT/jobs")
            #expect(try await jobs.queue.create(target: fixture.server.baseURL + "/_nano/queue/flaky") == ["ok": true])
            let enqueued = try await jobs.queue.enqueue(["type": "NEW_MOVIE", "id": "movie-1"])
            let id = try #require(Envelope.itemID(["id": enqueued["id"] ?? .null]))
            #expect(try await eventually { try await jobs.queue.errors()["jobs"]?.arrayValue?.count == 1 })
            let failed = try await jobs.queue.errors()["jobs"]?[0]
            #expect(failed?["job"] == ["type": "NEW_MOVIE", "id": "movie-1"])
            #expect(try await jobs.queue.retry(id: id)["ok"] == true)
            #expect(try await eventually {
                let errors = try await jobs.queue.errors()["jobs"]?.arrayValue ?? []
                let queued = try await jobs.queue.queued()["jobs"]?.arrayValue ?? []
                return errors.isEmpty && queued.isEmpty   // delivered the second time, and forgotten
            })
            #expect(await hyperStatus { _ = try await jobs.queue.retry(id: "424242") } == 404)
            #expect(try await jobs.queue.destroy() == ["ok": true])
        }
    }

    @Test func queueCancel() async throws {
        try await NanoFixture.with { fixture, _ in
            let jobs = try fixture.client("http://127.0.0.1:PORT/cancelme")
            _ = try await jobs.queue.create(target: fixture.server.baseURL + "/_nano/queue/flaky", secret: "whsec")
            let id = try #require(Envelope.itemID(try await jobs.queue.enqueue(["n": 1])))
            #expect(try await eventually { try await jobs.queue.errors()["jobs"]?.arrayValue?.count == 1 })
            #expect(try await jobs.queue.cancel(id: id)["ok"] == true)
            #expect(try await jobs.queue.errors()["jobs"] == [])
        }
    }

    @Test func jwtAuth() async throws {
        try await NanoFixture.with(secret: "nano-secret", sub: "app-key") { fixture, client in
            #expect(try await client.info()["name"] == "hyper")
            #expect(try await client.data.add(["_id": "x"])["ok"] == true)
            let anonymous = try fixture.client("http://127.0.0.1:PORT/test")
            await #expect {
                _ = try await anonymous.data.get("x")
            } throws: { error in
                guard case .hyper(401, let msg, _) = error as? HyperError else { return false }
                return msg == "not authorized"
            }
            let wrongSecret = try fixture.client("http://app-key:wrong@127.0.0.1:PORT/test")
            #expect(await hyperStatus { _ = try await wrongSecret.info() } == 401)
            let wrongKey = try fixture.client("http://other:nano-secret@127.0.0.1:PORT/test")
            #expect(await hyperStatus { _ = try await wrongKey.info() } == 401)
            let token = JWT.sign(sub: "app-key", secret: "nano-secret", expires: Int(Date().timeIntervalSince1970) + 60)
            let bearer = try fixture.client("http://127.0.0.1:PORT/test", options: ClientOptions(bearerToken: token))
            #expect(try await bearer.data.get("x")["_id"] == "x")
        }
    }
}
