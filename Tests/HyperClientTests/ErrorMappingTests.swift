import Foundation
import HyperJSON
import HyperModel
import Testing
@testable import HyperClient

/// How answers become `HyperError`s, against real HTTP answers of the test server.
@Suite struct ErrorMappingTests {
    let server: TestServer
    let client: HyperClient

    init() throws {
        server = try TestServer.get()
        client = try server.client()
    }

    private func status(_ code: Int, json: Bool, _ body: String) -> String {
        server.base + "/status?code=\(code)&type=\(json ? "json" : "text")&body=" + URLEncoding.formValue(body)
    }

    @Test func hyperErrorCarriesStatusAndMsg() async {
        await #expect {
            _ = try await client.call("GET", status(404, json: true, #"{"ok":false,"status":404,"msg":"document not found"}"#))
        } throws: { error in
            guard let error = error as? HyperError, case .hyper(let status, let msg, let body) = error else { return false }
            return status == 404 && msg == "document not found" && body["ok"] == false && error.exitCode == 1
                && error.description == "hyper error 404: document not found"
        }
    }

    @Test func notFoundWithoutStatusField() async {
        await #expect {
            _ = try await client.call("GET", status(404, json: true, #"{"ok":false,"msg":"not found!"}"#))
        } throws: { error in
            guard case .hyper(404, "not found!", _) = error as? HyperError else { return false }
            return true
        }
    }

    @Test func okFalseInA2xxAnswerIsAnError() async {
        await #expect {
            _ = try await client.call("GET", status(200, json: true, #"{"ok":false,"status":501,"msg":"not implemented"}"#))
        } throws: { error in
            guard case .hyper(501, "not implemented", _) = error as? HyperError else { return false }
            return true
        }
    }

    @Test func aDocumentWithOkFalseIsStillADocument() async throws {
        let doc = try await client.call("GET", status(200, json: true, #"{"_id":"x","ok":false}"#))
        #expect(doc == ["_id": "x", "ok": false])
    }

    @Test func plainTextErrors() async {
        await #expect {
            _ = try await client.call("POST", status(500, json: false, "Internal Server Error"))
        } throws: { error in
            guard let error = error as? HyperError, case .http(500, "Internal Server Error") = error else { return false }
            return error.exitCode == 1 && error.status == 500
        }
    }

    @Test func badJSONIsAnInvalidResponseWithPosition() async {
        await #expect {
            _ = try await client.call("GET", status(200, json: true, "{\n  \"ok\": tru }"))
        } throws: { error in
            guard let error = error as? HyperError, case .invalidResponse(let why) = error else { return false }
            return why.contains("line 2") && why.contains("column") && error.exitCode == 3
        }
    }

    @Test func bothGetShapesAreAccepted() {
        #expect(Envelope.document(of: ["ok": true, "doc": ["_id": "1"]]) == ["_id": "1"])
        #expect(Envelope.document(of: ["_id": "1", "ok": true, "doc": "x"]) == ["_id": "1", "ok": true, "doc": "x"])
        #expect(Envelope.document(of: ["title": "Batman"]) == ["title": "Batman"])
    }

    @Test func debugLogMasksSecretAndToken() async throws {
        let lines = LineLog()
        let client = try server.client(credentials: "thekey:TOPSECRET", options: ClientOptions(debugLog: { lines.add($0) }))
        let echo = try await client.data.add(["note": "TOPSECRET in a body"])
        let token = try #require(echo["headers"]?["authorization"]?.stringValue?.dropFirst(7))
        let all = lines.all.joined(separator: "\n")
        #expect(all.contains("> POST \(server.base)/data/test"))
        #expect(all.contains("Authorization: Bearer ****"))
        #expect(all.contains("< 200"))
        #expect(!all.contains("TOPSECRET"))
        #expect(!all.contains(token))
    }
}

@Suite struct SecretHidingTests {
    @Test func dumpsAndDescriptionsHideSecretAndTokens() async throws {
        let server = try TestServer.get()
        let client = try server.client(credentials: "thekey:TOPSECRET", options: ClientOptions(bearerToken: "RAWTOKEN"))
        _ = try await client.data.list()   // a token exists now
        var dumped = ""
        dump(client, to: &dumped)
        dump(client.options, to: &dumped)
        dumped += "\(client) \(String(reflecting: client)) \(client.connection)"
        #expect(dumped.contains("thekey"))
        #expect(!dumped.contains("TOPSECRET"))
        #expect(!dumped.contains("RAWTOKEN"))
        #expect(!dumped.contains("eyJ"))   // no JWT either
    }
}

final class LineLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
