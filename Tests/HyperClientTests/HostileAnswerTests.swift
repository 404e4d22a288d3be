import Foundation
import HyperJSON
import TestSupport
import Testing
@testable import HyperClient
import HyperTransport

/// Answers built to exhaust or mislead the client, from real sockets (the `/bomb`, `/endless`,
/// `/stall`, `/html` and `/redirect` routes of scripts/client-test-server.py): each is refused
/// with a bounded, typed error, or works as before where it is harmless.
@Suite struct HostileAnswerTests {
    let server: TestServer

    init() throws { server = try TestServer.get() }

    private func client(maxAnswer: Int64, timeout: Double = 20) throws -> HyperClient {
        try server.client(options: ClientOptions(totalTimeout: timeout, maxRetries: 0, maxAnswerBytes: maxAnswer))
    }

    private func isTooLarge(_ error: any Error, limit: Int64) -> Bool {
        guard let error = error as? HyperError, case .answerTooLarge(limit, _) = error else { return false }
        return error.exitCode == 3 && error.description.contains(HyperError.size(limit))
    }

    // MARK: answer size

    /// 64 MiB of zeros in about 64 KB of gzip: stopped at 1 MiB decoded. Without the limit the
    /// client inflated all of it (and a 10 GB bomb aborted the process).
    @Test func aGzipBombStopsAtTheLimit() async throws {
        let client = try client(maxAnswer: 1 << 20)
        await #expect { _ = try await client.call("GET", server.base + "/bomb?mb=64") } throws: {
            isTooLarge($0, limit: 1 << 20)
        }
    }

    /// A chunked body that never ends: stopped at the limit, long before the timeout.
    @Test func anEndlessBodyStopsAtTheLimit() async throws {
        let client = try client(maxAnswer: 4 << 20)
        await #expect { _ = try await client.call("GET", server.base + "/endless") } throws: {
            isTooLarge($0, limit: 4 << 20)
        }
    }

    /// A Content-Length over the limit fails before the body is read; a write that got such an
    /// answer says it may have been applied.
    @Test func anAnnouncedLengthOverTheLimitFails() async throws {
        let client = try client(maxAnswer: 1 << 20)
        await #expect { _ = try await client.call("GET", server.base + "/big?mb=8") } throws: {
            isTooLarge($0, limit: 1 << 20)
        }
        await #expect { _ = try await client.call("POST", server.base + "/big?mb=8", body: ["a": 1]) } throws: {
            isTooLarge($0, limit: 1 << 20) && "\($0)".contains("may have applied this POST")
        }
    }

    /// The limit is for answers held in memory: a download streams to its file.
    @Test func downloadsAreNotLimitedByIt() async throws {
        let client = try client(maxAnswer: 1 << 20)
        let path = temporaryPath("big.bin")
        defer { unlink(path) }
        let response = try await client.send(HTTPRequest(method: "GET", url: server.base + "/big?mb=8", sink: .file(path: path)))
        #expect(response.status == 200)
        #expect(response.fileBytes == 8 << 20)
    }

    // MARK: downloads that fail

    /// A download that fails half-way (here: stalled after 500 bytes, then cancelled; a
    /// timeout or a dropped connection ends the same way) leaves no partial file behind. The
    /// stall and the client's timeout outlast any wait: only the cancellation ends the download.
    @Test func aFailedDownloadLeavesNoPartialFile() async throws {
        let client = try client(maxAnswer: 1 << 20, timeout: 600)
        let path = temporaryPath("partial.bin")
        defer { unlink(path) }
        let seen = ProgressLog()
        let download = Task {
            try await client.send(HTTPRequest(method: "GET", url: server.base + "/stall?after=500&seconds=600",
                                              sink: .file(path: path), progress: { seen.add($0) }))
        }
        #expect(await eventually { (seen.last?.bytes ?? 0) >= 500 }, "the first 500 bytes never arrived")
        #expect(FileManager.default.fileExists(atPath: path), "500 bytes arrived, so the file was begun")
        download.cancel()
        await #expect { _ = try await download.value } throws: { error in
            guard case .cancelled = error as? HyperError else { return false }
            return true
        }
        #expect(!FileManager.default.fileExists(atPath: path), "the partial download was left behind")
    }

    /// A download through a symbolic link that fails half-way leaves the link (it may be
    /// `/dev/stdout`, or a link the user keeps) and empties the file it points to: no partial
    /// bytes, and no removed link for a later download to replace with a plain file.
    @Test func aFailedDownloadThroughALinkKeepsTheLink() async throws {
        let client = try client(maxAnswer: 1 << 20, timeout: 600)
        let file = temporaryPath("linked.bin"), link = temporaryPath("link.bin")
        defer { unlink(link); unlink(file) }
        try Data("earlier content".utf8).write(to: URL(fileURLWithPath: file))
        #expect(symlink(file, link) == 0)
        let seen = ProgressLog()
        let download = Task {
            try await client.send(HTTPRequest(method: "GET", url: server.base + "/stall?after=500&seconds=600",
                                              sink: .file(path: link), progress: { seen.add($0) }))
        }
        #expect(await eventually { (seen.last?.bytes ?? 0) >= 500 }, "the first 500 bytes never arrived")
        download.cancel()
        _ = try? await download.value
        var linkInfo = stat()
        #expect(lstat(link, &linkInfo) == 0 && (linkInfo.st_mode & S_IFMT) == S_IFLNK, "the link was removed")
        #expect(FileManager.default.contents(atPath: file) == Data(), "the partial download was left in the file")
    }

    /// A full disk (/dev/full answers ENOSPC) names the file and the reason.
    @Test func aFullDiskSaysSo() async throws {
        let client = try server.client()
        await #expect {
            _ = try await client.send(HTTPRequest(method: "GET", url: server.base + "/big?mb=1", sink: .file(path: "/dev/full")))
        } throws: { error in
            guard let error = error as? HyperError, case .network(let reason) = error else { return false }
            return reason == "cannot write /dev/full: No space left on device" && error.exitCode == 3
        }
    }

    // MARK: redirects

    static let writeRedirects: [(String, Int)] = ["POST", "PUT", "DELETE", "PATCH"].flatMap { method in
        [301, 302, 303, 307, 308].map { (method, $0) }
    }

    /// A write answered with a redirect is reported as not done, and the redirect's target is
    /// never contacted (curl used to turn the POST into a GET there and report its answer).
    @Test(arguments: writeRedirects)
    func writesNeverFollowRedirects(method: String, status: Int) async throws {
        let client = try server.client(credentials: "key:SECRET")
        let landing = "/landed-\(uniqueKey())"
        let location = server.otherHostBase + landing
        let url = server.base + "/redirect?status=\(status)&to=" + URLEncoding.formValue(location)
        await #expect { _ = try await client.call(method, url, body: ["a": 1]) } throws: { error in
            guard let error = error as? HyperError, case .redirectedWrite(method, status, location) = error else { return false }
            return error.exitCode == 3 && error.description.contains(location) && error.description.contains("not done")
        }
        #expect(try await server.seen(landing) == 0)
    }

    /// Reads still follow redirects, to another host too, without the credentials.
    @Test func readsFollowRedirectsWithoutCredentialsToAnotherHost() async throws {
        let client = try server.client(credentials: "key:SECRET")
        for status in [301, 302, 303, 307, 308] {
            let url = server.base + "/redirect?status=\(status)&to=" + URLEncoding.formValue(server.otherHostBase + "/echo")
            let answer = try await client.call("GET", url)
            #expect(answer["host"] == "127.0.0.2" && answer["method"] == "GET")
            #expect(answer["headers"]?["authorization"] == nil, "status \(status) sent the token to another host")
        }
    }

    // MARK: what servers say

    private func isClean(_ text: String) -> Bool {
        !text.unicodeScalars.contains(where: TerminalText.isControl)
    }

    /// Terminal escape sequences in a hyper `msg`, an HTML error page and an invalid answer
    /// reach the error's text escaped.
    @Test func serverTextInErrorsIsEscaped() async throws {
        let client = try server.client()
        let msg = #"{"ok":false,"status":400,"msg":"\u001b]0;pwned\u0007 \u001b[2J \u009b31m \u202eevil \u2066x"}"#
        let answers = [
            (server.base + "/status?code=400&type=json&body=" + URLEncoding.formValue(msg), "\\x1b]0;pwned"),
            (server.base + "/html?code=502", "\\x1b[2J"),
            (server.base + "/status?code=200&type=json&body=" + URLEncoding.formValue("\u{1b}[31m{not json"), "0x1B"),
        ]
        for (url, visible) in answers {
            await #expect { _ = try await client.call("GET", url) } throws: { error in
                let text = "\(error)"
                return isClean(text) && text.contains(visible)
            }
        }
    }

    /// `--debug` lines show headers and bodies escaped, one line each.
    @Test func debugLinesAreEscaped() async throws {
        let lines = LineLog()
        let client = try server.client(options: ClientOptions(debugLog: { lines.add($0) }))
        _ = try? await client.call("GET", server.base + "/html?code=502")
        #expect(lines.all.contains { $0.contains("\\x1b]0;pwned") })
        #expect(lines.all.allSatisfy(isClean))
    }

    // MARK: other hostile answers keep working

    @Test func aStallInTheBodyTimesOut() async throws {
        let client = try client(maxAnswer: 1 << 20, timeout: 0.5)
        let reason = await networkFailure { _ = try await client.call("GET", server.base + "/stall?after=10") }
        #expect(reason?.contains("timed out after") == true)
    }

    @Test func truncatedJSONIsAnInvalidResponse() async throws {
        let client = try server.client()
        for body in [#"{"ok":tr"#, #"{"ok":true,"docs":[{"_id":"a"},"#, "[", #"{"a":"unterminated"#] {
            await #expect {
                _ = try await client.call("GET", server.base + "/status?code=200&type=json&body=" + URLEncoding.formValue(body))
            } throws: { error in
                guard let error = error as? HyperError, case .invalidResponse = error else { return false }
                return error.exitCode == 3
            }
        }
    }

    /// hyper parses JSON whatever the content type, and so does the client; an HTML page with
    /// 200 is an invalid answer that names its content type.
    @Test func wrongContentTypes() async throws {
        let client = try server.client()
        let json = try await client.call("GET", server.base + "/status?code=200&type=text&body=" + URLEncoding.formValue(#"{"ok":true,"n":1}"#))
        #expect(json["n"] == 1)
        await #expect {
            _ = try await client.call("GET", server.base + "/html?code=200")
        } throws: { error in
            guard case .invalidResponse(let why) = error as? HyperError else { return false }
            return why.contains("text/html")
        }
    }
}
