import Testing
@testable import HyperStore

@Suite struct AppKeyTests {
    @Test func idJoinsPartsAndRoundTrips() throws {
        let cloud = try AppKey(host: "Cloud.Hyper.io", app: "my-app", domain: "default")
        #expect(cloud.id == "cloud.hyper.io/my-app/default")
        #expect(AppKey(id: cloud.id) == cloud)
        #expect(testApp.id == "localhost:6363/-/test")
        #expect(AppKey(id: testApp.id) == testApp)
        #expect(AppKey(id: "not-an-id") == nil)
    }

    @Test func refusesPartsCarryingCredentialsWithoutEchoingThem() {
        #expect(throws: AppKeyError.self) { try AppKey(host: "key:hunter2@localhost", domain: "test") }
        #expect(throws: AppKeyError.self) { try AppKey(host: "localhost", app: "key:hunter2", domain: "test") }
        #expect(throws: AppKeyError.self) { try AppKey(host: "localhost", domain: "") }
        #expect(throws: AppKeyError.self) { try AppKey(host: "local host", domain: "test") }
        do {
            _ = try AppKey(host: "key:hunter2@localhost", domain: "test")
        } catch {
            #expect(!error.description.contains("hunter2"))
            #expect(error.description.contains("host"))
        }
    }
}
