import Crypto
import Foundation
import GRDB
import HyperJSON
import TestSupport
import Testing

/// Server-wide conventions (hyper-api.md 3): body parsing and limits, unknown routes, CORS, auth.
/// Where nano is stricter than hyper (content types, CORS, `nbf`), issue 10 says why.
@Suite struct ConventionsTests {
    @Test func unknownRoutesAreHyperShaped404() async throws {
        try await Nano.with { nano async throws in
            for (method, path) in [("GET", "/nope"), ("PATCH", "/data/test"), ("GET", "/data/test/a/b/c"), ("POST", "/")] {
                let reply = try await nano.request(method, path)
                #expect(reply.status == 404, "\(method) \(path)")
                #expect(reply.json == ["ok": false, "msg": "not found!"])
            }
        }
    }

    @Test func invalidJSONNamesLineAndColumn() async throws {
        try await Nano.with { nano async throws in
            let reply = try await nano.request("POST", "/data/test", body: Data("{\n  \"a\": tru\n}".utf8), headers: Self.json)
            #expect(reply.status == 400)
            #expect(reply.json["ok"] == false && reply.json["status"] == 400)
            let msg = reply.json["msg"]?.stringValue ?? ""
            #expect(msg.contains("line 2") && msg.contains("column"), "\(msg)")
        }
    }

    static let json = ["Content-Type": "application/json"]

    /// A page in the user's browser can POST `text/plain` to nano without asking first: such
    /// bodies are not read as JSON (hyper reads every body as JSON).
    @Test func jsonBodiesMustBeSentAsJSON() async throws {
        try await Nano.with { nano async throws in
            let doc = Data(#"{"_id":"ct","v":1}"#.utf8)
            for type in ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
                let reply = try await nano.request("POST", "/data/test", body: doc, headers: ["Content-Type": type])
                #expect(reply.status == 415, "\(type)")
                #expect(reply.json["msg"]?.stringValue?.contains("application/json") == true, "\(reply.text)")
            }
            // nor without a Content-Type (FoundationNetworking would add a form type; a raw socket sends none)
            let bare = try await onOwnThread { [port = nano.port] in
                try RawSocket.exchange(port: port, "POST /data/test HTTP/1.1\r\nHost: nano\r\nContent-Length: 18\r\nConnection: close\r\n\r\n{\"_id\":\"ct\",\"v\":1}", timeout: .seconds(10))
            }
            #expect(bare.status == 415, "\(bare.text)")
            #expect(bare.text.contains("no Content-Type"))
            #expect(try await nano.get("/data/test/ct").status == 404)

            for (index, type) in ["application/json", "application/json; charset=utf-8", "Application/JSON", "application/vnd.api+json"].enumerated() {
                let id = "ok-\(index)"
                let reply = try await nano.request("POST", "/data/test", body: Data(#"{"_id":"\#(id)"}"#.utf8), headers: ["Content-Type": type])
                #expect(reply.status == 201, "\(type): \(reply.text)")
            }
        }
    }

    /// hyper accepts an empty body where it needs none: DELETE, PUT creating a service.
    @Test func emptyBodiesNeedNoContentType() async throws {
        try await Nano.with { nano async throws in
            let port = nano.port
            let answers = try await onOwnThread {
                try ["PUT /data/fresh", "PUT /search/fresh", "DELETE /data/fresh", "POST /data/test/_query"].map { line in
                    try RawSocket.exchange(port: port, "\(line) HTTP/1.1\r\nHost: nano\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", timeout: .seconds(10))
                }
            }
            #expect(answers[0].status == 201)
            #expect(answers[1].status == 422)  // search needs fields: the empty body was read as {}
            #expect(answers[2].status == 200)
            #expect(answers[3].status == 200)  // an empty query matches everything
        }
    }
    @Test func bodiesOverTheLimitGet413() async throws {
        try await Nano.with { nano async throws in
            let nineMB = Data(("{\"_id\":\"big\",\"s\":\"" + String(repeating: "x", count: 9 * 1_048_576) + "\"}").utf8)
            #expect(try await nano.request("POST", "/data/test", body: nineMB, headers: Self.json).status == 413)
            #expect(try await nano.request("PUT", "/data/test/big", body: nineMB, headers: Self.json).status == 413)
            // 9 MB is within the general 10 MB limit
            let bulk = Data(("[" + String(data: nineMB, encoding: .utf8)! + "]").utf8)
            #expect(try await nano.request("POST", "/data/test/_bulk", body: bulk, headers: Self.json).status == 201)
            let elevenMB = Data(("{\"key\":\"k\",\"value\":{\"s\":\"" + String(repeating: "x", count: 11 * 1_048_576) + "\"}}").utf8)
            let reply = try await nano.request("POST", "/cache/test", body: elevenMB, headers: Self.json)
            #expect(reply.status == 413)
            #expect(reply.json["ok"] == false && reply.json["status"] == 413)
        }
    }

    /// No web page may call nano unless `--cors` names its origin: preflights are refused, and so
    /// are requests that browsers send without one (a form post, a text/plain body).
    @Test func crossOriginAccessIsOffByDefault() async throws {
        try await Nano.with { nano async throws in
            let preflight = try await nano.request("OPTIONS", "/data/test", headers: [
                "Origin": "http://evil.example", "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "authorization,content-type",
            ])
            #expect(preflight.status == 403)
            #expect(preflight.header("Access-Control-Allow-Origin") == nil)
            #expect(preflight.header("Access-Control-Allow-Credentials") == nil)
            #expect(preflight.json["msg"]?.stringValue?.contains("--cors") == true)
            let write = try await nano.request("POST", "/data/test", json: ["_id": "planted"], headers: ["Origin": "http://evil.example"])
            #expect(write.status == 403)
            #expect(write.header("Access-Control-Allow-Origin") == nil)
            #expect(try await nano.get("/data/test/planted").status == 404)
            #expect(try await nano.get("/", headers: ["Origin": "null"]).status == 403)
            // clients that are not browsers send no Origin
            #expect(try await nano.get("/").header("Access-Control-Allow-Origin") == nil)
        }
    }

    @Test func listedOriginsGetExactlyTheirOriginBack() async throws {
        try await Nano.with(configure: { $0.corsOrigins = ["http://ui.example:3000", "https://Admin.Example/"] }) { nano async throws in
            let preflight = try await nano.request("OPTIONS", "/data/test", headers: [
                "Origin": "http://ui.example:3000", "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "authorization,content-type",
            ])
            #expect(preflight.status == 204)
            #expect(preflight.header("Access-Control-Allow-Origin") == "http://ui.example:3000")
            #expect(preflight.header("Access-Control-Allow-Methods")?.contains("PUT") == true)
            #expect(preflight.header("Access-Control-Allow-Headers") == "authorization,content-type")
            #expect(preflight.header("Access-Control-Allow-Credentials") == "true")
            #expect(preflight.header("Vary") == "Origin")
            let plain = try await nano.get("/", headers: ["Origin": "https://admin.example"])
            #expect(plain.status == 200)
            #expect(plain.header("Access-Control-Allow-Origin") == "https://admin.example")
            // another port or scheme is another origin
            for origin in ["http://ui.example:3001", "https://ui.example:3000", "http://ui.example"] {
                let other = try await nano.get("/", headers: ["Origin": origin])
                #expect(other.status == 403, "\(origin)")
                #expect(other.header("Access-Control-Allow-Origin") == nil)
            }
        }
    }

    @Test func aWildcardNeverComesWithCredentials() async throws {
        try await Nano.with(configure: { $0.corsOrigins = ["*"] }) { nano async throws in
            let reply = try await nano.get("/", headers: ["Origin": "http://any.example"])
            #expect(reply.status == 200)
            #expect(reply.header("Access-Control-Allow-Origin") == "*")
            #expect(reply.header("Access-Control-Allow-Credentials") == nil)
        }
    }

    @Test func withoutSecretAnyAuthorizationIsIgnored() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.get("/data/test", headers: ["Authorization": "Bearer junk"]).status == 200)
            #expect(try await nano.get("/", headers: ["Authorization": "null"]).status == 200)
        }
    }

    @Test func withSecretEveryRouteNeedsAValidToken() async throws {
        try await Nano.with(configure: { $0.secret = "s3cret"; $0.sub = "app-key" }) { nano async throws in
            let now = Int(Date().timeIntervalSince1970)
            func call(_ token: String?) async throws -> Nano.Reply {
                try await nano.get("/data/test", headers: token.map { ["Authorization": "Bearer " + $0] } ?? [:])
            }
            let denied = try await call(nil)
            #expect(denied.status == 401)
            #expect(denied.json == ["ok": false, "msg": "not authorized"])
            #expect(try await nano.get("/").status == 401)
            #expect(try await call(Self.jwt(["sub": "app-key", "exp": JSON(now + 300)], secret: "s3cret")).status == 200)
            #expect(try await call(Self.jwt(["sub": "app-key"], secret: "s3cret")).status == 200)
            #expect(try await call(Self.jwt(["sub": "other", "exp": JSON(now + 300)], secret: "s3cret")).status == 401)
            #expect(try await call(Self.jwt(["sub": "app-key", "exp": JSON(now - 10)], secret: "s3cret")).status == 401)
            #expect(try await call(Self.jwt(["sub": "app-key", "exp": JSON(now + 300)], secret: "wrong")).status == 401)
            #expect(try await call("not.a.jwt").status == 401)
        }
    }

    /// `nbf` (not before) is checked as djwt does, with its one second of leeway; so is `exp`.
    @Test func tokensNotYetValidOrMalformedInTimeAreRefused() async throws {
        try await Nano.with(configure: { $0.secret = "s3cret"; $0.sub = "app-key" }) { nano async throws in
            let now = Int(Date().timeIntervalSince1970)
            func status(_ claims: JSON) async throws -> Int {
                try await nano.get("/data/test", headers: ["Authorization": "Bearer " + Self.jwt(claims, secret: "s3cret")]).status
            }
            #expect(try await status(["sub": "app-key", "nbf": JSON(now + 60), "exp": JSON(now + 300)]) == 401)
            #expect(try await status(["sub": "app-key", "nbf": JSON(now + 300)]) == 401)
            #expect(try await status(["sub": "app-key", "nbf": JSON(now - 60), "exp": JSON(now + 300)]) == 200)
            #expect(try await status(["sub": "app-key", "nbf": JSON(now)]) == 200)
            #expect(try await status(["sub": "app-key", "nbf": "yesterday"]) == 401)
            #expect(try await status(["sub": "app-key", "exp": "tomorrow"]) == 401)
            #expect(try await status(["sub": "app-key", "exp": JSON(now - 3)]) == 401)
        }
    }

    /// An error nano does not expect answers 500 with a reference to its log line; the SQL and
    /// the database's path stay in the log.
    @Test func internalErrorsKeepSQLAndPathsOutOfTheAnswer() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.post("/data/test", ["_id": "a"]).status == 201)
            // the table vanishes under nano's feet
            let queue = try DatabaseQueue(path: nano.directory + "/nano.sqlite")
            try await queue.write { db in
                for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'docs_%'") {
                    try db.execute(sql: "DROP TABLE \(table)")
                }
            }
            try queue.close()
            let reply = try await nano.get("/data/test?limit=5")
            #expect(reply.status == 500)
            let msg = reply.json["msg"]?.stringValue ?? ""
            #expect(msg.hasPrefix("internal error (reference "), "\(msg)")
            for leak in ["docs_", "SELECT", "SQLite", nano.directory] { #expect(!reply.text.contains(leak), "\(reply.text)") }
        }
    }

    /// An HS256 JWT as the SDKs mint it.
    static func jwt(_ claims: JSON, secret: String) -> String {
        func base64URL(_ data: Data) -> String {
            data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let header = base64URL(Data(JSON.object(["alg": "HS256", "typ": "JWT"]).compactBytes))
        let payload = base64URL(Data(claims.compactBytes))
        let signature = HMAC<SHA256>.authenticationCode(
            for: Data("\(header).\(payload)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "\(header).\(payload).\(base64URL(Data(signature)))"
    }
}
