import Foundation
import GRDB
import HyperJSON
import HyperQuery
@testable import HyperNano
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

/// The planner really uses `_index` indexes for the queries nano runs.
@Suite struct IndexPlanTests {
    static func plan(_ nano: Nano, selector: JSON, sort: JSON? = nil) throws -> String {
        let queue = try DatabaseQueue(path: nano.directory + "/nano.sqlite")
        return try queue.read { db in
            let id = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM data_dbs WHERE name = 'test'"))
            let query = try MangoQuery(selector: selector, sort: sort, fields: nil, limit: nil, skip: nil)
            let translated = query.sql(documentColumn: "doc")
            let sql = DataStore.selectSQL(table: DataStore.table(id), plan: translated, query: query)
            let rows = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(translated.arguments.map(\.databaseValue)))
            return rows.map { $0["detail"] as String }.joined(separator: " | ")
        }
    }

    @Test func indexedFieldsAreSearchedWithTheIndex() async throws {
        try await Nano.with { nano async throws in
            let docs: [JSON] = (1...300).map { ["_id": .string("m\($0)"), "type": $0 % 2 == 0 ? "movie" : "book", "year": JSON(1900 + $0 % 120)] }
            _ = try await nano.post("/data/test/_bulk", .array(docs))
            #expect(try Self.plan(nano, selector: ["year": ["$gt": 1984]]).contains("SCAN"))
            #expect(try await nano.post("/data/test/_index", ["name": "idx-year", "fields": ["year"]]).status == 201)
            let ranged = try Self.plan(nano, selector: ["year": ["$gt": 1984]])
            #expect(ranged.contains("USING INDEX idx_"), "\(ranged)")
            let equal = try Self.plan(nano, selector: ["year": 1999], sort: ["year"])
            #expect(equal.contains("USING INDEX idx_"), "\(equal)")
            // and the answers are right
            let found = try await nano.post("/data/test/_query", ["selector": ["year": ["$gte": 2015]], "sort": [["year": "DESC"]], "limit": 100])
            let years = found.json["docs"]?.arrayValue?.compactMap { $0["year"]?.intValue } ?? []
            #expect(!years.isEmpty && years.allSatisfy { $0 >= 2015 } && years == years.sorted(by: >))
        }
    }

    @Test func partialFilterMakesAPartialIndex() async throws {
        try await Nano.with { nano async throws in
            let reply = try await nano.post("/data/test/_index", ["name": "idx-rated", "fields": ["year"], "partialFilter": ["rating": ["$exists": true]]])
            #expect(reply.status == 201, "\(reply.text)")
            let sql = try IndexTests.indexSQL(nano)
            #expect(sql.first?.contains("WHERE") == true && sql.first?.contains("rating") == true, "\(sql)")
            // a filter SQLite cannot put in a partial index (array-aware equality) indexes every row
            let full = try await nano.post("/data/test/_index", ["name": "idx-movie-year", "fields": ["year"], "partialFilter": ["type": "movie"]])
            #expect(full.status == 201, "\(full.text)")
            #expect(try IndexTests.indexSQL(nano).count == 2)
        }
    }
}
