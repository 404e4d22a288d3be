import Testing
@testable import HyperStore

@Suite struct AppPathsTests {
    @Test func followsXDGWithHomeFallbacks() {
        let set = AppPaths(environment: ["HOME": "/home/ana", "XDG_CACHE_HOME": "/c", "XDG_STATE_HOME": "/s"])
        #expect(set.store.cacheFile == "/c/hyper-vision/cache.sqlite")
        #expect(set.store.journalFile == "/s/hyper-vision/journal.sqlite")
        #expect(set.store.draftsDirectory == "/s/hyper-vision/drafts")
        #expect(set.config == "/home/ana/.config/hyper-vision")
        let unset = AppPaths(environment: ["HOME": "/home/ana", "XDG_STATE_HOME": "relative"])
        #expect(unset.store.cacheFile == "/home/ana/.cache/hyper-vision/cache.sqlite")
        #expect(unset.store.journalFile == "/home/ana/.local/state/hyper-vision/journal.sqlite")
        #expect(unset.data == "/home/ana/.local/share/hyper-vision")
    }

    /// Trailing slashes never double, and `/` as a base does not become `//`.
    @Test func trailingSlashesAreTrimmed() {
        let paths = AppPaths(environment: ["HOME": "/", "XDG_CACHE_HOME": "/c///"])
        #expect(paths.cache == "/c/hyper-vision")
        #expect(paths.state == "/.local/state/hyper-vision")
    }
}
