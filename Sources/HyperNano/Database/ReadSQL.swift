/// The statements the light reads run (`SQLiteReadConnection`), named by what varies in their
/// SQL: a table's id, a list's bounds and order. A connection finds the prepared statement by
/// hashing these few words, and builds the text only the first time, to prepare it: named by
/// its text, a list built its SQL (about 7,400 instructions) and hashed it (2,400) on every
/// request. A concrete enum, not a protocol: an AnyHashable key cost more than the text did.
/// Two values are equal exactly when their SQL is.
enum ReadSQL: Hashable {
    /// A statement whose text never varies.
    case text(String)
    /// A data document by id (`DataStore.get`).
    case dataDocument(table: Int64)
    /// A data list (`DataStore.list`): a condition per bound given, in this order: `id >= ?`,
    /// `id <= ?`, the keys, then the limit.
    case dataList(table: Int64, from: Bool, to: Bool, keys: ListKeys?, descending: Bool)
    /// A search document by key (`SearchStore.get`).
    case searchDocument(index: Int64)

    /// How a list's keys are bound.
    enum ListKeys: Hashable {
        /// One placeholder each (`DataStore.keysArguments` rounds their count up).
        case placeholders(Int)
        /// One JSON array.
        case jsonArray
    }

    var sql: String {
        switch self {
        case .text(let text):
            return text
        case .dataDocument(let table):
            return "SELECT doc FROM \(DataStore.table(table)) WHERE id = ?"
        case .dataList(let table, let from, let to, let keys, let descending):
            var conditions: [String] = []
            if from { conditions.append("id >= ?") }
            if to { conditions.append("id <= ?") }
            switch keys {
            case .placeholders(let count): conditions.append("id IN (" + Array(repeating: "?", count: count).joined(separator: ", ") + ")")
            case .jsonArray: conditions.append("id IN (SELECT value FROM json_each(?))")
            case nil: break
            }
            return "SELECT doc FROM \(DataStore.table(table))" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                + " ORDER BY id" + (descending ? " DESC" : "") + " LIMIT ?"
        case .searchDocument(let index):
            return "SELECT doc FROM \(SearchStore.Index.docs(index)) WHERE key = ?"
        }
    }
}
