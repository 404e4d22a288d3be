import Foundation
import Testing
@testable import VisionRuntime
@testable import VisionTerminal

@Suite struct ClipboardTests {
    @Test func osc52IsPlainOutsideMultiplexers() {
        let clipboard = Clipboard(environment: ["TERM": "xterm-256color", "HYPER_VISION_CLIPBOARD": "osc52"])
        #expect(clipboard.nativeTool == nil)
        #expect(clipboard.osc52("hi") == "\u{1b}]52;c;aGk=\u{07}")
    }

    @Test func osc52IsWrappedForTmuxWithEscapesDoubled() {
        let clipboard = Clipboard(environment: ["TMUX": "/tmp/tmux-0/default,1,0", "HYPER_VISION_CLIPBOARD": "osc52"])
        #expect(clipboard.osc52("hi") == "\u{1b}Ptmux;\u{1b}\u{1b}]52;c;aGk=\u{07}\u{1b}\\")
    }

    @Test func osc52IsWrappedForScreen() {
        let clipboard = Clipboard(environment: ["TERM": "screen-256color", "HYPER_VISION_CLIPBOARD": "osc52"])
        #expect(clipboard.osc52("hi") == "\u{1b}P\u{1b}]52;c;aGk=\u{07}\u{1b}\\")
    }

    @Test func tooLargeForOSC52IsRefused() {
        let clipboard = Clipboard(environment: ["HYPER_VISION_CLIPBOARD": "osc52"])
        #expect(clipboard.osc52(String(repeating: "x", count: Clipboard.osc52Limit)) == nil)
    }

    @Test func nativeToolIsUsedOnlyWithADisplay() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipboard-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tool = folder.appendingPathComponent("xclip").path
        #expect(FileManager.default.createFile(atPath: tool, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755]))
        #expect(Clipboard(environment: ["PATH": folder.path, "DISPLAY": ":0"]).nativeTool == [tool, "-selection", "clipboard"])
        #expect(Clipboard(environment: ["PATH": folder.path]).nativeTool == nil)
        #expect(Clipboard(environment: ["PATH": folder.path, "DISPLAY": ":0", "HYPER_VISION_CLIPBOARD": "osc52"]).nativeTool == nil)
    }
}

@Suite struct PaletteTests {
    @Test func rgbMapsToTheNearestCubeOrGrey() {
        #expect(Palette.nearestIndexed(0, 0, 0) == 16)
        #expect(Palette.nearestIndexed(255, 255, 255) == 231)
        #expect(Palette.nearestIndexed(128, 128, 128) == 244)
        #expect(Palette.nearestIndexed(0xd7, 0x5f, 0x00) == 166)
    }

    @Test func eightColourFallbacks() {
        #expect(Palette.nearestANSI(205, 0, 0) == 1)
        #expect(Palette.nearestANSI(toIndexed: 12) == 4)
        #expect(Palette.nearestANSI(toIndexed: 46) == 2)
    }
}
