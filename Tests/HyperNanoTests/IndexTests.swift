import Foundation
import GRDB
import HyperJSON
import Testing

/// `_index` makes a real SQLite expression index over the documents' JSON.
@Suite struct IndexTests {
    static func indexSQL(_ nano: Nano) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: nano.directory + "/nano.sqlite", configuration: configuration)
        return try queue.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'")
        }
    }

    @Test func indexIsAnExpressionIndex() async throws {
        try await Nano.with { nano async throws in
            #expect(try await nano.post("/data/test/_index", ["name": "idx-year", "fields": ["year", ["title": "DESC"]]]).status == 201)
            let sql = try Self.indexSQL(nano)
            #expect(sql.count == 1)
            let definition = try #require(sql.first)
            #expect(definition.contains("json_extract(doc"), "\(definition)")
            #expect(definition.contains("year") && definition.contains("title") && definition.contains("DESC"))
            // destroying the database drops its indexes
            #expect(try await nano.delete("/data/test").status == 200)
            #expect(try Self.indexSQL(nano).isEmpty)
        }
    }
}
