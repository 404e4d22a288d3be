import HyperJSON

/// MongoDB's sort in Swift: values in `MangoOrder`, an array field sorting by its smallest
/// element ascending and its largest descending (an empty array as null), stable for ties.
enum SortOrder {
    static func sorted(_ docs: [JSON], by keys: [SortKey]) -> [JSON] {
        guard !keys.isEmpty else { return docs }
        let decorated = docs.enumerated().map { offset, doc in
            (offset, doc, keys.map { sortValue(doc, $0) })
        }
        return decorated.sorted { a, b in
            for (index, key) in keys.enumerated() {
                let order = MangoOrder.compare(a.2[index], b.2[index])
                if order != 0 { return key.descending ? order > 0 : order < 0 }
            }
            return a.0 < b.0
        }.map(\.1)
    }

    private static func sortValue(_ doc: JSON, _ key: SortKey) -> JSON? {
        let value = key.path.resolve(in: doc)
        guard case .array(let items)? = value else { return value }
        let comparator = { (a: JSON, b: JSON) in MangoOrder.compare(a, b) < 0 }
        return key.descending ? items.max(by: comparator) : items.min(by: comparator)
    }
}
