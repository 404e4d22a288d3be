import Foundation
@testable import HyperClient
import HyperJSON
import TestSupport
import Testing

/// `data update ID field=value` puts the items on the document as the server has it. Another
/// writer can change it between that read and the write (scripts/client-test-server.py's
/// `racetest` domain plays that writer on every read): the items then go on the new version,
/// so the other writer's fields stay, and a document that never stops changing is not written.
@Suite("CLI items-alone update against a concurrent writer")
struct CLIMergeRaceTests {
    @Test func itemsGoOnTheVersionTheServerHasWhenTheyAreWritten() async throws {
        let server = try ScriptServer()
        let sandbox = try CLISandbox()
        defer { sandbox.remove() }
        let connection = ["-c", "http://127.0.0.1:\(server.port)/racetest"]
        let client = HyperClient(connection: try Connection.parse(server.base + "/x"))

        let once = try await sandbox.run(["data", "update", "once", "title=mine"] + connection)
        #expect(once.status == 0, "\(once)")
        let writes = try await client.call("GET", server.base + "/_racewrites")
        #expect(writes == [["id": "once", "body": ["_id": "once", "version": 2, "other": "kept", "title": "mine"]]],
                "one write, on the second version, keeping the other writer's field: \(writes)")

        let always = try await sandbox.run(["data", "update", "always", "title=mine"] + connection)
        #expect(always.status == 1, "\(always)")
        #expect(always.stderr.contains("document always changed 3 times") && always.stderr.contains("nothing was written"), "\(always)")
        #expect(try await client.call("GET", server.base + "/_racewrites").arrayValue?.count == 1, "no second write")

        // The journal's before image is the version the items went on.
        let journal = try await sandbox.run(["journal"])
        #expect(journal.stdoutText.contains(#""before":{"_id":"once","version":2,"other":"kept"}"#), "\(journal)")
    }
}
