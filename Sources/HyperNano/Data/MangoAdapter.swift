import Foundation
import HyperJSON

// TEMPORARY: the interface of HyperQuery (written in parallel by the query helper), with just
// enough behaviour (equality selectors, sort, projection) to run nano before it lands.
// Deleted when HyperQuery is merged; nothing else in nano depends on these internals.

struct MangoSQL: Sendable {
    var whereClause: String?
    var orderBy: String?
    var arguments: [SQLValue]
    var needsResidualFilter: Bool
    var needsSwiftSort: Bool
}

enum SQLValue: Sendable, Equatable { case null, integer(Int64), real(Double), text(String) }

struct MangoError: Error, Sendable {
    let status: Int
    let message: String
}

struct MangoQuery: Sendable {
    var limit: Int?
    var skip: Int
    private let selector: JSONObject
    private let sortFields: [(path: String, descending: Bool)]
    private let fields: [String]?

    init(selector: JSON?, sort: JSON?, fields: JSON?, limit: JSON?, skip: JSON?) throws(MangoError) {
        switch selector {
        case nil, .null?: self.selector = [:]
        case .object(let object)?: self.selector = object
        default: throw MangoError(status: 422, message: "Invalid Arguments 'selector': Expected object.")
        }
        if let sort, !sort.isNull, sort.arrayValue == nil {
            throw MangoError(status: 422, message: "Invalid Arguments 'sort': Expected array.")
        }
        self.sortFields = sort.map { (try? MangoIndex.fields($0)) ?? [] } ?? []
        self.fields = fields?.arrayValue?.compactMap(\.stringValue)
        self.limit = limit?.intValue ?? limit?.stringValue.flatMap { Int($0) }
        self.skip = skip?.intValue ?? 0
    }

    func sql(documentColumn: String) -> MangoSQL {
        MangoSQL(whereClause: nil, orderBy: nil, arguments: [], needsResidualFilter: true, needsSwiftSort: !sortFields.isEmpty)
    }

    func matches(_ doc: JSON) -> Bool {
        selector.allSatisfy { key, expected in
            let actual = doc.value(atPath: key)
            if case .object(let op) = expected, let eq = op["$eq"] { return actual == eq }
            return actual == expected
        }
    }

    func sorted(_ docs: [JSON]) -> [JSON] {
        docs.sorted { a, b in
            for (path, descending) in sortFields {
                let x = a.value(atPath: path)?.compact ?? "", y = b.value(atPath: path)?.compact ?? ""
                if x != y { return descending ? x > y : x < y }
            }
            return false
        }
    }

    func project(_ doc: JSON) -> JSON {
        guard let fields else { return doc }
        var object: JSONObject = [:]
        for field in fields { if let value = doc.value(atPath: field) { object[field] = value } }
        return .object(object)
    }
}

enum MangoIndex {
    static func expression(forField path: String, documentColumn: String) -> String {
        "json_extract(\(documentColumn), '$.\"\(path.replacingOccurrences(of: "'", with: "''"))\"')"
    }

    static func fields(_ fields: JSON) throws(MangoError) -> [(path: String, descending: Bool)] {
        guard case .array(let items) = fields else {
            throw MangoError(status: 422, message: "Invalid Arguments 'fields': Expected array.")
        }
        var result: [(path: String, descending: Bool)] = []
        for item in items {
            if let name = item.stringValue {
                result.append((name, false))
            } else if let object = item.objectValue {
                for (key, direction) in object {
                    result.append((key, direction.stringValue == "DESC"))
                }
            }
        }
        return result
    }
}
