import Foundation
import HyperJSON
import HyperModel
import HyperStore
import SeededRandom

/// `make bench` figures of the local page cache (issue 5): what the cache costs on a fetch,
/// how fast a cached page comes back (warm, and from a freshly opened file as on start), and
/// `:find` over 100,000 cached documents. Prints one line per figure; call from main.
@discardableResult
func runStoreBenchmarks(documentCount: Int = 100_000) -> [(name: String, milliseconds: Double)] {
    let folder = NSTemporaryDirectory() + "hyper-vision-bench-store-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/cache.sqlite"
    let app = try! AppKey(host: "127.0.0.1:6363", domain: "bench")
    var figures: [(name: String, milliseconds: Double)] = []
    func report(_ name: String, _ samples: [Double], _ what: String) {
        let value = BenchClock.median(samples)
        figures.append((name, value))
        print(String(format: "store.%@ %.3f ms (median of %d; %@)", name, value, samples.count, what))
    }

    // Large enough that 100,000 documents are never evicted while measuring.
    let cache = try! PageCache(path: path, sizeCap: 2 * 1024 * 1024 * 1024)
    let seed: UInt64 = 42
    var generator = StoreBenchSupport.Generator(seed: seed)
    let pages = documentCount / 50
    var storeSamples: [Double] = []
    for page in 0..<pages {
        let answer = generator.page(first: page * 50, count: 50)
        let request = StoreBenchSupport.request(page)
        storeSamples.append(StoreBenchSupport.time { try! cache.store(app: app, request: request, answer: answer) })
    }
    report("store_page_50_docs", storeSamples, "\(pages) pages")

    let probe = (0..<200).map { StoreBenchSupport.request(($0 * 7919) % pages) }
    report("lookup_page_50_docs", probe.map { request in
        StoreBenchSupport.time { _ = try! cache.lookup(app: app, request: request) }
    }, "warm, parsed to JSON")

    report("open_and_lookup_page", (0..<20).map { n in
        StoreBenchSupport.time {
            let reopened = try! PageCache(path: path, sizeCap: 2 * 1024 * 1024 * 1024)
            _ = try! reopened.lookup(app: app, request: StoreBenchSupport.request(n))
        }
    }, "fresh PageCache as on start")

    let stats = try! cache.statistics()
    for (name, text) in [("find_rare_word", "zephyr"), ("find_common_word", "movie"),
                         ("find_two_word_prefix", "star wa"), ("find_short_prefix", "st"),
                         ("find_no_match", "qqqqqq")] {
        report(name, (0..<21).map { _ in
            StoreBenchSupport.time { _ = try! cache.find(app: app, text: text, limit: 50) }
        }, "\(stats.documents) documents, \"\(text)\", limit 50")
    }

    // A refresh stores a cached page again: mostly with the same answer (the page is renewed),
    // sometimes with a changed one (its documents and their index are replaced). Last, since
    // the changed pages alter what `find` sees.
    func storeFirstPagesAgain(_ name: String, seed: UInt64, _ what: String) {
        var again = StoreBenchSupport.Generator(seed: seed)
        let refreshed = (0..<200).map { page in (StoreBenchSupport.request(page), again.page(first: page * 50, count: 50)) }
        report(name, refreshed.map { request, answer in
            StoreBenchSupport.time { try! cache.store(app: app, request: request, answer: answer) }
        }, what)
    }
    storeFirstPagesAgain("store_same_answer_again", seed: seed, "200 cached pages, renewed")
    storeFirstPagesAgain("store_changed_answer", seed: seed + 1, "200 cached pages, documents replaced")
    return figures
}

enum StoreBenchSupport {
    /// Milliseconds taken by `body`.
    static func time(_ body: () -> Void) -> Double { BenchClock.seconds(body) * 1000 }

    static func request(_ page: Int) -> RequestKey {
        RequestKey(service: .data, query: [("limit", "50"), ("startkey", String(format: "movie-%06d", page * 50))])
    }

    /// Deterministic movie-like documents: a few common words, a long tail of rare ones.
    struct Generator {
        private var random: SplitMix64
        private static let words = ["star", "wars", "dune", "alien", "night", "river", "city", "ghost", "winter",
                                    "garden", "empire", "silent", "golden", "storm", "orbit", "harbor", "café",
                                    "mirror", "desert", "forest", "signal", "ember", "voyage", "crown", "echo"]
        private static let genres = ["drama", "comedy", "sci-fi", "horror", "documentary", "western"]

        init(seed: UInt64) { random = SplitMix64(seed: seed) }

        mutating func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }

        mutating func phrase(_ count: Int) -> String {
            (0..<count).map { _ in
                // One word in 5,000 is rare, so a rare-word find has a few dozen hits in 100,000.
                next(5000) == 0 ? "zephyr" : Self.words[next(Self.words.count)]
            }.joined(separator: " ")
        }

        mutating func page(first: Int, count: Int) -> JSON {
            let docs: [JSON] = (first..<first + count).map { n in
                [
                    "_id": .string(String(format: "movie-%06d", n)), "type": "movie",
                    "title": .string(phrase(3)), "year": JSON(1950 + next(75)),
                    "genre": .string(Self.genres[next(Self.genres.count)]),
                    "cast": .array((0..<3).map { _ in .string(phrase(2)) }),
                    "body": .string(phrase(25)),
                ]
            }
            return ["ok": true, "docs": .array(docs)]
        }
    }
}
