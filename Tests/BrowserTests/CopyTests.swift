import BrowserDriver
import Foundation
import HyperJSON
import Testing
import VisionCore

/// Copying: what is copied from the list and the detail, and messages that say where it went
/// ("copied" only when a native tool reported success).
@Suite("browser: copying", .serialized) @MainActor
struct CopyTests {
    static let osc52Prefix = "\u{1b}]52;c;"

    /// The text an OSC 52 sequence carries.
    static func copied(_ sequence: String?) -> String? {
        guard let sequence, sequence.hasPrefix(osc52Prefix), sequence.hasSuffix("\u{07}") else { return nil }
        let payload = sequence.dropFirst(osc52Prefix.count).dropLast()
        return Data(base64Encoded: String(payload)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func theIdAndTheDetailsFieldAndPathAreSentToTheTerminalClipboard() async throws {
        try await BrowserFixture.withBrowser { _, app in
            let id = try #require(app.state.data.docs.first?["_id"]?.stringValue)
            app.press("y")
            #expect(Self.copied(app.terminal.controlWrites.last) == id)
            #expect(app.screen.contains("sent \(id) to the terminal clipboard (OSC 52)"))
            #expect(!app.screen.contains("copied"), "OSC 52 is never acknowledged: nothing may claim it was copied")

            try await app.press(.enter).waitIdle()
            #expect(app.state.focus == .detail)
            app.press("j")   // the first field under the root: _id
            app.press("yy")
            #expect(Self.copied(app.terminal.controlWrites.last) == id)
            app.press("yp")
            #expect(Self.copied(app.terminal.controlWrites.last) == "_id")
            #expect(app.screen.contains("sent the path _id to the terminal clipboard (OSC 52)"))
        }
    }

    /// OSC 52 has a size cap: a larger value is refused with the limit named, and nothing is written.
    @Test func aValueTooLargeForOSC52IsRefusedNamingTheLimit() async throws {
        try await BrowserFixture.with(seed: 5) { nano in
            let big = String(repeating: "x", count: 60_000)
            _ = try await nano.client().data.add(["_id": "aaa-big", "text": .string(big)])
            let app = try await nano.open()
            #expect(app.state.data.docs.first?["_id"] == "aaa-big")
            let writes = app.terminal.controlWrites.count
            app.press("Y")
            #expect(app.terminal.controlWrites.count == writes)
            #expect(app.screen.contains("not copied: the value of aaa-big"))
            #expect(app.screen.contains("OSC 52 takes at most 54.9 KB"))
        }
    }

    /// With a native tool, "copied" is said once the tool exits 0; a failing tool is named.
    @Test func aNativeToolsSuccessOrFailureIsWhatTheMessageSays() async throws {
        try await BrowserFixture.with(seed: 5) { nano in
            let bin = nano.root + "/bin"
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            let received = nano.root + "/clipboard"
            let tool = bin + "/xclip"
            try Data("#!/bin/sh\ncat > '\(received)'\nexit ${XCLIP_STATUS:-0}\n".utf8).write(to: URL(fileURLWithPath: tool))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool)
            let app = try await nano.open(environment: ["HYPER_VISION_CLIPBOARD": "", "DISPLAY": ":9", "PATH": bin + ":/usr/bin:/bin"])
            let id = try #require(app.state.data.docs.first?["_id"]?.stringValue)
            app.press("y")
            try await app.waitFor("copied \(id)")
            #expect(FileManager.default.contents(atPath: received) == Data(id.utf8))
            #expect(app.terminal.controlWrites.isEmpty)

            try Data("#!/bin/sh\ncat > /dev/null\nexit 3\n".utf8).write(to: URL(fileURLWithPath: tool))
            app.press("jy")
            try await app.waitFor("not copied: \(tool) failed (status 3)")
        }
    }
}
