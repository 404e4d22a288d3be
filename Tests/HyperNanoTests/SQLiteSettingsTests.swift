import Foundation
import Glibc
import GRDBSQLite
import HyperNano
import Testing
import TestSupport

/// SQLite's process-wide settings for the server program (`SQLiteProcessSettings`), which SQLite
/// takes only before its first connection opens.
@Suite struct SQLiteSettingsTests {
    /// In a fresh process (an exit test: this test process opened SQLite long ago), the setting
    /// made before any connection leaves SQLite's own count of its memory at 0 through real
    /// writes and reads. The same work without the setting is counted, so the count is one
    /// this check can see.
    @Test func memoryStatisticsTurnedOffFirstCountNothing() async {
        await #expect(processExitsWith: .success) {
            try SQLiteProcessSettings.turnOffMemoryStatistics()
            Glibc.exit(SQLiteWork.countedBytes() == 0 ? EXIT_SUCCESS : EXIT_FAILURE)
        }
        await #expect(processExitsWith: .success) {
            Glibc.exit(SQLiteWork.countedBytes() > 0 ? EXIT_SUCCESS : EXIT_FAILURE)
        }
    }

    /// After SQLite has initialised, sqlite3_config answers SQLITE_MISUSE: the setting says it
    /// was refused and why, rather than pretending.
    @Test func theSettingIsRefusedOnceSQLiteHasStarted() {
        var handle: OpaquePointer?
        #expect(sqlite3_open(":memory:", &handle) == SQLITE_OK)
        defer { sqlite3_close(handle) }
        #expect {
            try SQLiteProcessSettings.turnOffMemoryStatistics()
        } throws: { error in
            let refusal = error as? SQLiteProcessSettings.Refusal
            return refusal?.code == SQLITE_MISUSE && refusal?.description
                == "SQLite refused to turn off its memory statistics (sqlite3_config returned 21: SQLite was already initialised)"
        }
    }

    /// The server program applies the setting before its SQLite starts, in the library its
    /// connections use: a running `hyper-vision-nano` that has written and read documents is
    /// asked through gdb what its SQLite counts (`sqlite3_memory_used`, the count the setting
    /// turns off). Without the setting the same nano counts hundreds of kilobytes.
    @Test func theServerProgramRunsWithoutMemoryStatistics() async throws {
        try await ChildNano.with { nano async throws in
            #expect(try await nano.post("/data/test", ["_id": "doc-1", "title": "counted?"]).status == 201)
            #expect(try await nano.get("/data/test/doc-1").status == 200)
            #expect(try await nano.get("/data/test?keys=doc-1").status == 200)
            #expect(try await SQLiteWork.memoryUsed(byProcess: nano.pid) == 0)
            #expect(!nano.log.contains("refused"), "\(nano.log)")
        }
    }
}

/// Work done on SQLite, and what SQLite says it holds.
enum SQLiteWork {
    /// Writes and reads a table in a database of its own, and returns `sqlite3_memory_used()`
    /// while the connection is still open.
    static func countedBytes() -> Int64 {
        var handle: OpaquePointer?
        guard sqlite3_open(":memory:", &handle) == SQLITE_OK else { return -1 }
        defer { sqlite3_close(handle) }
        let sql = "CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT); INSERT INTO t (doc) VALUES ('a'), ('b'); SELECT * FROM t"
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { return -1 }
        return sqlite3_memory_used()
    }

    /// `sqlite3_memory_used()` in another process, called there through gdb (attached without
    /// reading debug information: the function's symbol is enough). Only the thread gdb stopped
    /// in runs the call (`scheduler-locking`): with every thread resumed for it, as gdb does by
    /// default, one run in three never came back from the call. `timeout` turns any other hang
    /// into a failure.
    static func memoryUsed(byProcess pid: Int32) async throws -> Int64? {
        let output = TestNano.temporaryDirectory() + ".gdb"
        defer { try? FileManager.default.removeItem(atPath: output) }
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let gdb = Process()
        gdb.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        gdb.arguments = ["60", "/usr/bin/gdb", "-batch", "-nx", "--readnever", "-p", String(pid),
                         "-ex", "set scheduler-locking on", "-ex", "print ((long long (*)(void)) sqlite3_memory_used)()"]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        gdb.standardOutput = handle
        gdb.standardError = handle
        let status = try await gdb.runToExit()
        try handle.close()
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        // gdb prints `$1 = 266952`
        guard status == 0, let line = text.split(separator: "\n").first(where: { $0.hasPrefix("$1 = ") }) else {
            Issue.record("gdb did not answer (status \(status)): \(text)")
            return nil
        }
        return Int64(line.dropFirst(5))
    }
}
