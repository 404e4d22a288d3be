import Testing
@testable import HyperStore

@Suite struct StoreLocationsTests {
    @Test func followsXDGWithHomeFallbacks() {
        let set = StoreLocations(environment: ["HOME": "/home/ana", "XDG_CACHE_HOME": "/c", "XDG_STATE_HOME": "/s"])
        #expect(set.cacheFile == "/c/hyper-vision/cache.sqlite")
        #expect(set.journalFile == "/s/hyper-vision/journal.sqlite")
        #expect(set.draftsDirectory == "/s/hyper-vision/drafts")
        let unset = StoreLocations(environment: ["HOME": "/home/ana", "XDG_STATE_HOME": "relative"])
        #expect(unset.cacheFile == "/home/ana/.cache/hyper-vision/cache.sqlite")
        #expect(unset.journalFile == "/home/ana/.local/state/hyper-vision/journal.sqlite")
    }
}
