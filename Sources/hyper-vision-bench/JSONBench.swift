import Foundation
import HyperJSON
import SeededRandom

/// Parse throughput of HyperJSON against Foundation's JSONSerialization on a ~10 MB corpus of
/// realistic hyper documents (one JSON array, as a data list page would arrive).
enum JSONBench {
    static func run(rounds: Int = 7) throws {
        let corpus = makeCorpus(targetBytes: 10_000_000)
        let megabytes = Double(corpus.count) / 1_000_000
        var ours: [Double] = []
        var foundation: [Double] = []
        let data = Data(corpus)
        for _ in 0..<rounds {
            ours.append(try BenchClock.seconds { _ = try JSON.parse(corpus) })
            foundation.append(try BenchClock.seconds { _ = try JSONSerialization.jsonObject(with: data) })
        }
        let oursRate = megabytes / BenchClock.median(ours)
        let foundationRate = megabytes / BenchClock.median(foundation)
        print("json.parse corpus_mb=\(BenchClock.format(megabytes)) rounds=\(rounds)")
        print("json.parse hyperjson_mb_per_s=\(BenchClock.format(oursRate)) foundation_mb_per_s=\(BenchClock.format(foundationRate)) ratio=\(BenchClock.format(oursRate / foundationRate))x (goal >= 1.0x, order preserved)")
    }

    /// Deterministic documents shaped like a hyper data domain: ids, strings with unicode and
    /// escapes, integers, decimals, booleans, nulls, nested objects and arrays.
    static func makeCorpus(targetBytes: Int) -> [UInt8] {
        var generator = SplitMix64(seed: 42)
        let genres = ["drama", "comedy", "sci-fi", "horror", "documentary", "アニメ", "policier"]
        let words = ["the", "dune", "night", "river", "城", "über", "café", "🚀", "\"quoted\"", "line\nbreak", "mañana"]
        var documents: [JSON] = []
        var size = 2
        var index = 0
        while size < targetBytes {
            index += 1
            let title = (0..<Int(generator.next() % 6 + 2)).map { _ in words[Int(generator.next() % UInt64(words.count))] }
                .joined(separator: " ")
            let doc: JSON = [
                "_id": .string("movie-\(String(format: "%06d", index))"),
                "type": "movie",
                "title": .string(title),
                "year": JSON(1920 + Int(generator.next() % 105)),
                "rating": JSON(Double(generator.next() % 1000) / 100),
                "genres": .array((0..<Int(generator.next() % 3 + 1)).map { _ in .string(genres[Int(generator.next() % UInt64(genres.count))]) }),
                "released": .string("20\(String(format: "%02d", generator.next() % 25))-0\(generator.next() % 9 + 1)-1\(generator.next() % 9)T12:00:00Z"),
                "active": .bool(generator.next() % 2 == 0),
                "sequel": generator.next() % 5 == 0 ? .string("movie-\(index + 1)") : .null,
                "cast": .array((0..<Int(generator.next() % 4)).map { n in
                    ["name": .string("Actor \(n) \(words[Int(generator.next() % UInt64(words.count))])"),
                     "role": .string("role \(n)"), "billing": JSON(n)]
                }),
                "box_office": ["budget": JSON(Int(generator.next() % 200_000_000)), "currency": "USD"],
            ]
            size += doc.compactBytes.count + 1
            documents.append(doc)
        }
        return JSON.array(documents).compactBytes
    }
}
