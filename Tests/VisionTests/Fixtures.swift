import HyperJSON
import HyperModel
import VisionCore

/// Sample data and states shared by the tests: unicode (CJK, emoji, RTL) and hostile strings
/// (ESC sequences, control characters) on purpose.
enum Fixtures {
    /// 2026-11-21T06:00:00Z: tests run at a fixed "now" so relative dates are stable.
    static let now: Double = 1_795_240_800

    static func movie(_ n: Int) -> JSON {
        let id = "movie-" + String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n)
        return ["_id": .string(id), "type": "movie", "title": .string("Title \(n)"), "year": .number(JSONNumber(1950 + n % 70))]
    }

    static let unicodeDocs: [JSON] = [
        ["_id": "movie-0001", "type": "movie", "title": "Back to the Future", "year": 1985, "created": "2026-11-18T06:00:00Z"],
        ["_id": "movie-0002", "type": "movie", "title": "千と千尋の神隠し", "year": 2001, "created": "2026-10-01"],
        ["_id": "movie-0003", "type": "movie", "title": "Rocket 🚀 Party 🎉", "year": 2020],
        ["_id": "movie-0004", "type": "movie", "title": "evil \u{1b}[31mred\u{1b}[0m \u{07}bell", "year": 1999],
        ["_id": "movie-0005", "type": "movie", "title": "שלום עולם", "year": 2010, "tags": ["a", "b"]],
    ]

    static func state(width: Int = 80, height: Int = 24) -> AppState {
        AppState(connection: ConnectionInfo(label: "http://127.0.0.1:6363/test", domain: "test"),
                 width: width, height: height, now: now, themeNames: ["default", "light", "mono"],
                 savedConnections: ["local", "prod"])
    }

    /// A state whose data pane has received `docs` as its first page.
    static func loaded(_ docs: [JSON], width: Int = 80, height: Int = 24) -> AppState {
        var state = state(width: width, height: height)
        let effects = state.start()
        for case .request(let id, let request) in effects {
            if case .info = request { _ = update(&state, .response(id, .info(["name": "nano"]))) }
            if case .read(.dataList) = request { _ = update(&state, .response(id, .page(.documents(docs)))) }
        }
        return state
    }

    /// A state on the storage pane whose listing answered `objects`.
    static func storage(_ objects: [StorageObject], width: Int = 80, height: Int = 24) -> AppState {
        var state = loaded([], width: width, height: height)
        let load = update(&state, .key(.char("4")))
        _ = update(&state, .response(requestIDs(load)[0], .page(.objects(objects))))
        return state
    }

    static func requests(_ effects: [Effect]) -> [Request] {
        effects.compactMap { if case .request(_, let r) = $0 { r } else { nil } }
    }

    static func requestIDs(_ effects: [Effect]) -> [RequestID] {
        effects.compactMap { if case .request(let id, _) = $0 { id } else { nil } }
    }

    static func keys(_ state: inout AppState, _ text: String) -> [Effect] {
        var effects: [Effect] = []
        for character in text { effects += update(&state, .key(.char(character))) }
        return effects
    }
}
