import HyperJSON
import HyperModel
import Testing
@testable import HyperStore

@Suite struct RequestKeyTests {
    @Test func sameRequestInAnyOrderIsOneKey() {
        let a = RequestKey(service: .data, method: "post", path: ["_query"], query: [("b", "2"), ("a", "1")],
                           body: ["selector": ["type": "movie", "year": 1999], "limit": 10])
        let b = RequestKey(service: .data, method: "POST", path: ["_query"], query: [("a", "1"), ("b", "2")],
                           body: ["limit": 10, "selector": ["year": 1999, "type": "movie"]])
        #expect(a.canonical == b.canonical)
        #expect(a == b)
    }

    @Test func differentRequestsAreDifferentKeys() {
        let keys = [
            RequestKey(service: .data),
            RequestKey(service: .cache),
            RequestKey(service: .data, path: ["a/b"]),
            RequestKey(service: .data, path: ["a", "b"]),
            RequestKey(service: .data, query: [("k", "a&b=c")]),
            RequestKey(service: .data, query: [("k", "a"), ("b", "c")]),
            RequestKey(service: .data, method: "POST", path: ["_query"], body: ["limit": 1]),
            RequestKey(service: .data, method: "POST", path: ["_query"], body: ["limit": 2]),
            RequestKey(.dataDocument(id: "movie-1")),
        ]
        #expect(Set(keys.map(\.canonical)).count == keys.count)
    }

    @Test func roundTripsThroughItsStoredForm() {
        let key = RequestKey(service: .search, method: "POST", path: ["_query"], query: [("x", "1")],
                             body: ["query": "dune"], documentID: nil)
        #expect(RequestKey(json: key.json) == key)
        let document = RequestKey(.cacheValue(key: "movie-1"))
        #expect(RequestKey(json: document.json) == document)
    }

    /// A read's key is its call as the client sends it (RequestShapeTests checks the wire side).
    @Test func aReadsKeyIsItsCall() {
        let read = HyperRead.dataQuery(DataQuery(selector: ["b": 1, "a": 2], limit: 5))
        let key = RequestKey(read)
        let call = read.call
        #expect(key.service == call.service && key.method == call.method && key.path == call.path)
        #expect(key.query == call.query.map { RequestKey.QueryItem($0.name, $0.value) })
        #expect(key.body?.compact == #"{"limit":5,"selector":{"a":2,"b":1}}"#)
        #expect(RequestKey(.cacheValue(key: "k")).documentID == "k")
    }
}
