import HyperJSON
import HyperModel
import Testing
@testable import VisionCore

/// Issue 9, goal 2: the data list holds only a window of pages, however far it is scrolled; the
/// pages it dropped are read again (from their first `_id`) when the list comes back to them.
@Suite struct DataWindowTests {
    static let documents = 20_000
    static let window = (2 * DataPaneState.pagesKept + 1) * DataPaneState.pageSize

    /// Answers every list request in `effects` as a domain of `documents` movies would, and the
    /// requests those answers lead to, until none is left; returns the most rows held meanwhile.
    @discardableResult
    static func serve(_ state: inout AppState, _ effects: [Effect]) -> Int {
        var pending = effects
        var mostHeld = state.data.rowsHeld
        while !pending.isEmpty {
            guard case .request(let id, .read(.dataList(let options))) = pending.removeFirst() else { continue }
            let first = options.startkey.flatMap { Int($0.dropFirst("movie-".count)) } ?? 1
            let last = min(documents, first + (options.limit ?? DataPaneState.pageSize) - 1)
            pending += update(&state, .response(id, .page(.documents(first > last ? [] : (first...last).map(Fixtures.movie)))))
            mostHeld = max(mostHeld, state.data.rowsHeld)
        }
        return mostHeld
    }

    static func idAtCursor(_ state: AppState) -> String? { state.data.itemID(at: state.data.list.index) }

    @Test func goingToTheEndOfALongListHoldsOnlyAWindowOfRows() {
        var state = Fixtures.loaded((1...DataPaneState.pageSize).map(Fixtures.movie))
        let mostHeld = Self.serve(&state, update(&state, .key(.char("G"))))
        #expect(state.data.docs.count == Self.documents && state.data.reachedEnd)
        #expect(Self.idAtCursor(state) == "movie-20000")
        // Before the window held its rows by page, every row scrolled past kept a slot.
        #expect(mostHeld <= Self.window, "held \(mostHeld) rows at most, the window is \(Self.window)")

        Self.serve(&state, update(&state, .key(.char("g"))))
        #expect(Self.idAtCursor(state) == "movie-0001", "the first page is read again")
        #expect(state.data.rowsHeld <= Self.window)
    }

    @Test func pagingBackThroughDroppedPagesShowsEachRowAgain() {
        var state = Fixtures.loaded((1...DataPaneState.pageSize).map(Fixtures.movie))
        Self.serve(&state, update(&state, .key(.char("G"))))
        var mostHeld = 0
        for _ in 0..<300 {
            mostHeld = max(mostHeld, Self.serve(&state, update(&state, .key(.pageUp))))
            let index = state.data.list.index
            #expect(Self.idAtCursor(state) == (Fixtures.movie(index + 1)["_id"]?.stringValue), "row \(index)")
        }
        #expect(state.data.list.index < Self.documents - 2 * Self.window, "paged back well past the window")
        #expect(mostHeld <= Self.window)
    }
}
