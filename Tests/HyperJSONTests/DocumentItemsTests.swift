import HyperJSON
import Testing

/// HTTPie items as a library: what the CLI's items tests check through the binary, plus the
/// regressions `fuzz-items` found.
@Suite("HTTPie items")
struct DocumentItemsTests {
    @Test func itemsBuildNestedObjectsInOrder() throws {
        let object = try DocumentItems.apply(["title=Dune", "year:=1965", "a.b=c", #"a\.b=d"#, "a.e:=[1]"], to: [:])
        #expect(JSON.object(object).compact == #"{"title":"Dune","year":1965,"a":{"b":"c","e":[1]},"a.b":"d"}"#)
    }

    @Test func pathsDeeperThan64LevelsAreRefused() {
        let item = Array(repeating: "a", count: 40_000).joined(separator: ".") + "=1"
        #expect(throws: DocumentItemError.self) { try DocumentItems.apply([item], to: [:]) }
        let deepest = (1...64).map { "k\($0)" }.joined(separator: ".") + "=1"
        #expect((try? DocumentItems.parse(deepest))?.path.count == 64)
    }

    /// fuzz-items: setting under a key that holds a string quoted the whole key, so a long key
    /// made a message of any length (Fuzz/Corpus/items/long-key.txt).
    @Test func aRefusalQuotesAtMost80CharactersOfTheKey() throws {
        let key = String(repeating: "k", count: 10_000)
        do {
            _ = try DocumentItems.apply(["\(key)=1", "\(key).x=2"], to: [:])
            Issue.record("setting under a string was accepted")
        } catch {
            #expect(error.message.count < 400, "\(error.message.count) characters")
            #expect(error.message.contains("is already a string, not an object"))
        }
    }
}
