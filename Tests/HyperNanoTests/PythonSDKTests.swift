import Foundation
import Testing

/// The official Python SDK (PyPI `hyper-connect`) against nano, unchanged: the calls of its own
/// integration tests (hyper-api.md 7.3), in sync mode. Runs when `HYPER_CONNECT_PYTHON` names a
/// Python that can `import hyper_connect` (`pip install --no-deps hyper-connect` plus promisio,
/// ramda, requests, requests-toolbelt, typeguard==2.13.3, PyJWT).
@Suite struct PythonSDKTests {
    static let python = ProcessInfo.processInfo.environment["HYPER_CONNECT_PYTHON"]

    @Test(.enabled(if: python != nil, "set HYPER_CONNECT_PYTHON to a Python with hyper_connect installed"))
    func pythonSDKWorksUnchanged() async throws {
        try await Nano.with { nano async throws in
            let script = nano.directory + "/sdk_check.py"
            try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(Self.python))
            // Python always sends a bogus token without credentials; the URL carries none here,
            // and a second run uses key:secret against a nano that checks them.
            process.arguments = [script, nano.base + "/test"]
            process.currentDirectoryURL = URL(fileURLWithPath: nano.directory)
            let log = nano.directory + "/sdk_check.log"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = output
            process.standardError = output
            let exit = ProcessExit(watching: process)
            try process.run()
            await exit.wait()
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(text.contains("ALL OK"), "\(text)")
        }
    }

    static let script = #"""
        import sys, json
        from hyper_connect import connect

        hyper = connect(sys.argv[1])
        def opts(**kw):  # the SDK reads every QueryOptions/ListOptions key
            return {"fields": None, "sort": None, "limit": None, "useIndex": None, **kw}
        def lopts(**kw):
            return {"startkey": None, "endkey": None, "keys": None, "limit": None, "descending": None, **kw}
        def check(cond, what):
            if not cond:
                print("FAILED:", what); sys.exit(1)

        info = hyper.info.services()
        check(info["name"] == "hyper", f"info {info}")

        books = [{"_id": f"book-0001{n:02d}", "type": "book", "name": f"The Lorax {n}", "author": "Dr. Suess", "published": "1969"} for n in range(0, 7)]
        for b in books:
            hyper.data.remove(b["_id"])
            check(hyper.data.add(b)["ok"], f"add {b}")
        got = hyper.data.get(books[1]["_id"])
        check(got["_id"] == books[1]["_id"], f"get {got}")
        check(hyper.data.update(books[1]["_id"], {**books[1], "name": "changed"})["ok"], "update")
        r = hyper.data.list(lopts(startkey="book-000105", endkey="book-000106"))
        check(r["ok"] and len(r["docs"]) == 2, f"list range {r}")
        r = hyper.data.list(lopts(keys=["book-000105", "book-000106"]))
        check(len(r["docs"]) == 2, f"list keys {r}")
        r = hyper.data.list(lopts(startkey="book-000100", limit=4))
        check(len(r["docs"]) == 4, f"list limit {r}")
        r = hyper.data.query({"type": "book", "name": {"$eq": "The Lorax 3"}}, opts(limit=10))
        check(len(r["docs"]) == 1, f"query eq {r}")
        r = hyper.data.query({"type": "book"}, opts(fields=["_id", "name", "published"], limit=3))
        check(len(r["docs"]) == 3 and all(len(d) == 3 for d in r["docs"]), f"query fields {r}")
        bulk = [{"_id": f"book-0002{n:02d}", "type": "book", "author": "James A. Michener", "published": p} for n, p in [(0, "1947"), (1, "1959"), (2, "1985")]]
        check(hyper.data.index("idx_author_published", ["author", "published"])["ok"], "index")
        r = hyper.data.bulk([{**b, "_deleted": True} for b in bulk])
        r = hyper.data.bulk(bulk)
        check(r["ok"] and len(r["results"]) == 3, f"bulk {r}")
        r = hyper.data.query({"type": "book", "author": "James A. Michener"},
                             opts(fields=["author", "published"], sort=[{"author": "DESC"}, {"published": "DESC"}], useIndex="idx_author_published"))
        check(len(r["docs"]) == 3 and r["docs"][0]["published"] == "1985" and len(r["docs"][0]) == 2, f"query sort {r}")
        r = hyper.data.query({"type": "book"}, opts(limit="foo"))
        check(r["ok"] is False and r["status"] == 422, f"sad limit {r}")

        for b in books:
            hyper.cache.remove(b["_id"])
            check(hyper.cache.add(b["_id"], b, "1d")["ok"], "cache add")
        check(hyper.cache.get(books[0]["_id"])["name"] == "The Lorax 0", "cache get")
        check(hyper.cache.set(books[0]["_id"], books[0], "1d")["ok"], "cache set")
        r = hyper.cache.query("book-0001*")
        check(r["ok"] and len(r["docs"]) <= 7, f"cache query {r}")
        check(hyper.cache.remove("book-000101")["ok"], "cache remove")

        movies = [{"_id": "movie-100", "type": "movie", "title": "Chariots of Fire", "year": "1981"},
                  {"_id": "movie-101", "type": "movie", "title": "Ghandi", "year": "1982"},
                  {"_id": "movie-102", "type": "movie", "title": "Terms of Endearment", "year": "1983"}]
        for m in movies:
            hyper.search.remove(m["_id"])
            check(hyper.search.add(m["_id"], m)["ok"], "search add")
        check(hyper.search.add("movie-100", movies[0])["status"] == 409, "search duplicate")
        check(hyper.search.get("movie-100")["doc"]["title"] == "Chariots of Fire", "search get")
        check(hyper.search.get("xyz-123")["status"] == 404, "search missing")
        check(hyper.search.remove("movie-101")["ok"], "search remove")
        r = hyper.search.query("Chariots", {"fields": ["title"], "filter": None})
        check(r["ok"] and len(r["matches"]) == 1, f"search query {r}")
        r = hyper.search.load([{"_id": "movie-104", "type": "movie", "title": "Platoon"}, {"_id": "movie-105", "type": "movie", "title": "Amadeus"}])
        check(r["ok"] and len(r["results"]) == 2, f"search load {r}")

        for name, payload in [("remix", b"\x89PNG\r\n\x1a\nrest-of-png"), ("hyper.txt", b"hello from python")]:
            with open(name + ".src", "wb") as f:
                f.write(payload)
            with open(name + ".src", "rb") as f:
                check(hyper.storage.upload(name, f)["ok"], f"upload {name}")
            res = hyper.storage.download(name)
            check(res.status_code == 200 and res.content == payload, f"download {name}")
            check(hyper.storage.remove(name)["ok"], f"storage remove {name}")

        check(hyper.queue.enqueue({"type": "NEW_MOVIE", "id": "movie-1"})["status"] == 201, "enqueue")
        check(hyper.queue.errors()["ok"], "errors")
        check(hyper.queue.queued()["ok"], "queued")
        print("ALL OK")
        """#
}
