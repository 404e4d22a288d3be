import Foundation
import HyperJSON
import SeededRandom

/// The deterministic demo documents: movies, books, users and orders with nested fields, ISO
/// dates, unicode (CJK, emoji, RTL), a few large documents and a few strings with control
/// characters and ESC sequences (to exercise a terminal UI's escaping). Same size, same output,
/// whatever the batches it is drawn in.
struct DemoData {
    private var random = SplitMix64(seed: 0x6879_7065_7276_6973)  // "hypervis"
    /// The total number of documents: ids are zero-padded to its width, orders name its users.
    let count: Int
    private var produced = 0
    private var counters: [String: Int] = [:]

    init(count: Int) {
        self.count = count
    }

    static let titleWords = ["Midnight", "Harbor", "Silent", "Echo", "Crimson", "Garden", "Iron", "Horizon", "Paper",
                             "Lantern", "Northern", "Signal", "Glass", "River", "Velvet", "Storm", "Golden", "Orbit",
                             "Hidden", "Citadel", "Winter", "Mirage", "Electric", "Meadow"]
    static let unicodeTitles = ["千と千尋の神隠し", "花样年华", "기생충", "Amélie 🎬", "Léon: The Professional", "سينما باراديسو",
                                "אהבה בזמנים", "Ænima 🌊", "Crème Brûlée Café ☕", "Zażółć gęślą jaźń", "東京物語", "🚀 Star Voyage 🌌"]
    static let nastyTitles = ["\u{1B}[31mRed Alert\u{1B}[0m", "Bell\u{07}Tower", "Tab\tand\rReturn", "\u{1B}]0;pwned\u{07}Title",
                              "Null\u{0}Byte", "Back\u{8}space"]
    static let genres = ["drama", "comedy", "sci-fi", "thriller", "animation", "documentary", "romance", "horror", "western"]
    static let names = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "山田 太郎", "李 小龙", "Zoë Saldaña", "José Martí",
                        "محمد علي", "שרה לוי", "Björk Guðmundsdóttir", "Nikola Tesla", "Frida Kahlo", "Chidi Okonkwo"]
    static let cities = [("Lisbon", "PT", 38.72, -9.14), ("Tokyo", "JP", 35.68, 139.69), ("Nairobi", "KE", -1.29, 36.82),
                         ("Montréal", "CA", 45.50, -73.57), ("São Paulo", "BR", -23.55, -46.63), ("Tel Aviv", "IL", 32.08, 34.78),
                         ("Reykjavík", "IS", 64.15, -21.94), ("Kraków", "PL", 50.06, 19.94)]
    /// Plot vocabulary, most frequent first: plots draw from it with a skew towards the front,
    /// like real text, so that a search for a rarer word is selective.
    static let plotWords = """
        the a of and to in his her their with on for an by from who when as at after but into must \
        young old city family friends life love home world night war time secret journey town past \
        finds discovers returns meets decides learns tries loses fights falls escapes hides searches \
        brother sister mother father daughter son wife husband stranger teacher soldier doctor thief \
        small strange dark last final lost hidden forgotten dangerous quiet beautiful broken distant \
        summer winter river sea island mountain village forest desert school hospital prison hotel \
        robot ghost spy pilot detective lawyer painter musician chef boxer sailor farmer priest king \
        queen heir mystery murder heist wedding funeral festival storm flood fire earthquake plague \
        revenge betrayal friendship courage redemption ambition jealousy grief hope fear memory dream \
        lighthouse observatory casino orchard vineyard monastery submarine railway circus carnival \
        glacier volcano canyon lagoon marsh tundra archipelago oasis steppe fjord savanna rainforest \
        cartographer astronomer beekeeper clockmaker locksmith glassblower falconer puppeteer tailor \
        violin telescope compass lantern typewriter gramophone kaleidoscope hourglass sextant abacus
        """.split(separator: " ").map(String.init)

    /// Rare proper nouns for plots: two syllables from these lists give 400 names.
    static let nameSyllables = (["zor", "kel", "mira", "tav", "ost", "bel", "qua", "ren", "ily", "dar",
                                 "vex", "lum", "sor", "ani", "kai", "thu", "ept", "gal", "wyn", "eli"],
                                ["vath", "dora", "mont", "isse", "uko", "brin", "tal", "enne", "ogar", "ith",
                                 "ara", "quin", "zel", "omir", "ula", "estra", "ind", "orra", "ves", "ani"])

    /// The next documents, at most `batch` of them, none once all `count` are out. Each type is
    /// numbered from 1 with zero-padded, sortable ids (`movie-0001`).
    mutating func next(_ batch: Int) -> [JSONObject] {
        let width = max(4, String(count).count)
        let end = min(count, produced + batch)
        var docs: [JSONObject] = []
        docs.reserveCapacity(end - produced)
        for index in produced..<end {
            let type = ["movie", "movie", "movie", "movie", "book", "book", "user", "user", "order", "order"][index % 10]
            counters[type, default: 0] += 1
            let number = counters[type]!
            let id = type + "-" + String(repeating: "0", count: max(0, width - String(number).count)) + String(number)
            var doc: JSONObject
            switch type {
            case "movie": doc = movie(number)
            case "book": doc = book(number)
            case "user": doc = user(number)
            default: doc = order(number, width: width, users: max(1, count / 5))
            }
            var stamped: JSONObject = ["_id": .string(id), "type": .string(type)]
            for (key, value) in doc { stamped[key] = value }
            doc = stamped
            if number <= 3, type == "book" { doc["notes"] = .string(largeText(number)) }  // a few large documents
            docs.append(doc)
        }
        produced = end
        return docs
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    private mutating func date(from year: Int, to lastYear: Int, time: Bool) -> String {
        let text = String(format: "%04d-%02d-%02d", int(year...lastYear), int(1...12), int(1...28))
        return time ? text + String(format: "T%02d:%02d:%02dZ", int(0...23), int(0...59), int(0...59)) : text
    }

    private mutating func title(_ number: Int) -> String {
        if number % 97 == 5 { return Self.nastyTitles[(number / 97) % Self.nastyTitles.count] }
        if number % 9 == 0 { return Self.unicodeTitles[(number / 9) % Self.unicodeTitles.count] }
        return pick(Self.titleWords) + " " + pick(Self.titleWords)
    }

    private mutating func plot() -> String {
        var words = (0..<int(10...24)).map { _ -> String in
            // cube of a uniform draw: the front of the vocabulary is far more frequent
            let u = Double(random.next() % 1_000_000) / 1_000_000
            return Self.plotWords[Int(u * u * u * Double(Self.plotWords.count))]
        }
        let name = pick(Self.nameSyllables.0) + pick(Self.nameSyllables.1)
        words.insert(name.prefix(1).uppercased() + name.dropFirst(), at: int(0...words.count))
        return words.joined(separator: " ").capitalized(firstOnly: true) + "."
    }

    private mutating func movie(_ number: Int) -> JSONObject {
        let year = int(1950...2025)
        let genres = Array(Set((0..<int(1...3)).map { _ in pick(Self.genres) })).sorted()
        return [
            "title": .string(title(number)), "year": JSON(year), "genre": .array(genres.map(JSON.string)),
            "rating": JSON(Double(int(10...99)) / 10), "runtime": JSON(int(70...200)),
            "released": .string(date(from: year, to: year, time: false)),
            "director": ["name": .string(pick(Self.names)), "born": JSON(int(1900...1990))],
            "cast": .array((0..<int(2...4)).map { index in
                ["name": .string(pick(Self.names)), "role": .string(index == 0 ? "lead" : "supporting")]
            }),
            "body": .string(plot()),
        ]
    }

    private mutating func book(_ number: Int) -> JSONObject {
        [
            "title": .string(title(number + 1000)), "author": .string(pick(Self.names)),
            "published": .string(String(int(1900...2025))), "pages": JSON(int(90...900)),
            "isbn": .string("978-\(int(0...9))-\(int(10000...99999))-\(int(100...999))-\(int(0...9))"),
            "publisher": ["name": .string(pick(["Penguin", "Gallimard", "講談社", "Vintage"])), "city": .string(pick(Self.cities).0)],
            "tags": .array((0..<int(1...3)).map { _ in .string(pick(Self.genres)) }),
        ]
    }

    private mutating func user(_ number: Int) -> JSONObject {
        let name = pick(Self.names)
        let city = pick(Self.cities)
        return [
            "name": .string(name), "email": .string("user\(number)@example.com"), "active": .bool(number % 4 != 0),
            "joined": .string(date(from: 2015, to: 2026, time: true)),
            "roles": .array(number % 10 == 1 ? ["admin", "editor"] : ["reader"]),
            "address": [
                "city": .string(city.0), "country": .string(city.1),
                "geo": ["lat": JSON(city.2), "lng": JSON(city.3)],
            ],
            "bio": number % 7 == 0 ? .string("I ❤️ films 🎞️ — مرحبا — שלום — 你好") : .null,
        ]
    }

    private mutating func order(_ number: Int, width: Int, users: Int) -> JSONObject {
        let items: [JSON] = (0..<int(1...5)).map { _ in
            ["sku": .string("SKU-\(int(1000...9999))"), "qty": JSON(int(1...4)), "price": JSON(Double(int(199...9999)) / 100)]
        }
        let total = items.reduce(0.0) { sum, item in
            sum + (item["price"]?.doubleValue ?? 0) * Double(item["qty"]?.intValue ?? 0)
        }
        let customer = int(1...users)
        return [
            "customer": .string("user-" + String(repeating: "0", count: max(0, width - String(customer).count)) + String(customer)),
            "status": .string(pick(["placed", "paid", "shipped", "delivered", "cancelled"])),
            "placedAt": .string(date(from: 2024, to: 2026, time: true)), "items": .array(items),
            "total": JSON((total * 100).rounded() / 100),
            "shipping": ["method": .string(pick(["standard", "express", "pickup"])), "eta": .string(date(from: 2026, to: 2026, time: false))],
        ]
    }

    private mutating func largeText(_ number: Int) -> String {
        (0..<(4000 * number)).map { _ in pick(Self.plotWords) }.joined(separator: " ")
    }
}

extension String {
    fileprivate func capitalized(firstOnly: Bool) -> String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
