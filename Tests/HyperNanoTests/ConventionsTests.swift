import Crypto
import Foundation
import HyperJSON
import Testing

/// Server-wide conventions (hyper-api.md 3): body parsing and limits, unknown routes, CORS, auth.
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
            let reply = try await nano.request("POST", "/data/test", body: Data("{\n  \"a\": tru\n}".utf8))
            #expect(reply.status == 400)
            #expect(reply.json["ok"] == false && reply.json["status"] == 400)
            let msg = reply.json["msg"]?.stringValue ?? ""
            #expect(msg.contains("line 2") && msg.contains("column"), "\(msg)")
        }
    }

    @Test func jsonParsedWhateverTheContentType() async throws {
        try await Nano.with { nano async throws in
            let reply = try await nano.request(
                "POST", "/data/test", body: Data(#"{"_id":"ct","v":1}"#.utf8), headers: ["Content-Type": "text/plain"])
            #expect(reply.status == 201)
        }
    }

    @Test func bodiesOverTheLimitGet413() async throws {
        try await Nano.with { nano async throws in
            let nineMB = Data(("{\"_id\":\"big\",\"s\":\"" + String(repeating: "x", count: 9 * 1_048_576) + "\"}").utf8)
            #expect(try await nano.request("POST", "/data/test", body: nineMB).status == 413)
            #expect(try await nano.request("PUT", "/data/test/big", body: nineMB).status == 413)
            // 9 MB is within the general 10 MB limit
            #expect(try await nano.request("POST", "/data/test/_bulk", body: Data(("[" + String(data: nineMB, encoding: .utf8)! + "]").utf8)).status == 201)
            let elevenMB = Data(("{\"key\":\"k\",\"value\":{\"s\":\"" + String(repeating: "x", count: 11 * 1_048_576) + "\"}}").utf8)
            let reply = try await nano.request("POST", "/cache/test", body: elevenMB)
            #expect(reply.status == 413)
            #expect(reply.json["ok"] == false && reply.json["status"] == 413)
        }
    }

    @Test func corsReflectsOriginAndAnswersPreflight() async throws {
        try await Nano.with { nano async throws in
            let preflight = try await nano.request("OPTIONS", "/data/test", headers: [
                "Origin": "http://ui.example", "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "authorization,content-type",
            ])
            #expect(preflight.status == 204)
            #expect(preflight.header("Access-Control-Allow-Origin") == "http://ui.example")
            #expect(preflight.header("Access-Control-Allow-Methods") == "PUT")
            #expect(preflight.header("Access-Control-Allow-Headers") == "authorization,content-type")
            #expect(preflight.header("Access-Control-Allow-Credentials") == "true")
            let plain = try await nano.get("/", headers: ["Origin": "http://ui.example"])
            #expect(plain.header("Access-Control-Allow-Origin") == "http://ui.example")
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
