import Foundation
import Testing
@testable import VisionRuntime
@testable import VisionUI

@Suite struct ClipboardTests {
    static let osc52Only = ["HYPER_VISION_CLIPBOARD": "osc52"]
    static let plain = "\u{1b}]52;c;aGk=\u{07}"

    /// A clipboard inside tmux whose options are `options` (nil: tmux could not be asked).
    static func inTmux(_ options: TmuxClipboard?) -> Clipboard {
        Clipboard(environment: osc52Only.merging(["TMUX": "/tmp/tmux-0/default,1,0", "TERM": "screen"]) { $1 }, tmux: { _ in options })
    }

    @Test func osc52IsPlainOutsideMultiplexers() {
        let clipboard = Clipboard(environment: ["TERM": "xterm-256color", "HYPER_VISION_CLIPBOARD": "osc52"])
        #expect(clipboard.nativeTool == nil)
        #expect(clipboard.osc52("hi") == .init(sequence: Self.plain, warning: nil))
    }

    /// tmux 3.3+ drops the passthrough wrapper by default; with set-clipboard on it takes plain
    /// OSC 52 into its buffer and on to the terminal.
    @Test func osc52IsPlainInTmuxThatAcceptsIt() {
        #expect(Self.inTmux(TmuxClipboard(setClipboard: "on", allowPassthrough: "0")).osc52("hi").sequence == Self.plain)
        #expect(Self.inTmux(TmuxClipboard(setClipboard: "on", allowPassthrough: "1")).osc52("hi").sequence == Self.plain)
        // tmux could not be asked (not on the PATH, over SSH): plain, which set-clipboard handles.
        #expect(Self.inTmux(nil).osc52("hi").sequence == Self.plain)
    }

    @Test func osc52IsWrappedOnlyWhereTmuxLetsPassthroughThroughAndNotOSC52() {
        let wrapped = "\u{1b}Ptmux;\u{1b}\u{1b}]52;c;aGk=\u{07}\u{1b}\\"
        #expect(Self.inTmux(TmuxClipboard(setClipboard: "external", allowPassthrough: "1")).osc52("hi").sequence == wrapped)
        #expect(Self.inTmux(TmuxClipboard(setClipboard: "off", allowPassthrough: "all")).osc52("hi").sequence == wrapped)
        // Before 3.3 there was no allow-passthrough: passthrough always went through.
        #expect(Self.inTmux(TmuxClipboard(setClipboard: "external", allowPassthrough: "")).osc52("hi").sequence == wrapped)
    }

    @Test func tmuxThatDropsBothIsSaidNotSent() {
        let answer = Self.inTmux(TmuxClipboard(setClipboard: "external", allowPassthrough: "0")).osc52("hi")
        #expect(answer.sequence == nil)
        #expect(answer.warning?.contains("set-clipboard external") == true)
        #expect(answer.warning?.contains("tmux set -g set-clipboard on") == true)
    }

    @Test func osc52IsWrappedForScreen() {
        let clipboard = Clipboard(environment: ["TERM": "screen-256color", "HYPER_VISION_CLIPBOARD": "osc52"])
        #expect(clipboard.osc52("hi").sequence == "\u{1b}P\u{1b}]52;c;aGk=\u{07}\u{1b}\\")
    }

    @Test func tooLargeForOSC52IsRefused() {
        let clipboard = Clipboard(environment: ["HYPER_VISION_CLIPBOARD": "osc52"])
        #expect(clipboard.osc52(String(repeating: "x", count: Clipboard.osc52Limit / 4 * 3)).sequence != nil)
        let refused = clipboard.osc52(String(repeating: "x", count: Clipboard.osc52Limit / 4 * 3 + 3))
        #expect(refused == .init(sequence: nil, warning: nil))
        #expect(Self.inTmux(TmuxClipboard(setClipboard: "on", allowPassthrough: "0")).osc52(String(repeating: "x", count: 60_000)).sequence == nil)
    }

    /// What a real tmux server answers about its options, read the way the browser reads it.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is not installed"))
    func tmuxOptionsAreReadFromTheServerWeRunIn() throws {
        let name = "clipboard-test-\(getpid())"
        // Output through a file: the tmux server started by the first call would hold a pipe open.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        func tmux(_ arguments: String...) throws -> String {
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            let process = Process()
            // Through bash, which first closes what we inherited: the tmux server the first call
            // starts would otherwise hold the descriptor Foundation watches for the exit.
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "for fd in /proc/$$/fd/*; do n=${fd##*/}; [ $n -gt 2 ] && eval \"exec $n>&-\"; done 2>/dev/null; "
                + "exec /usr/bin/tmux \"$@\"", "tmux", "-L", name, "-f", "/dev/null"] + arguments
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try tmux("new-session", "-d", "sleep 30")
        defer { _ = try? tmux("kill-server") }
        let socket = try tmux("display-message", "-p", "#{socket_path}")
        let pane = try tmux("display-message", "-p", "#{pane_id}")
        let environment = ["TMUX": "\(socket),1,0", "TMUX_PANE": pane, "PATH": "/usr/bin:/bin"]
        #expect(TmuxClipboard.query(environment) == TmuxClipboard(setClipboard: "external", allowPassthrough: "0"))
        _ = try tmux("set", "-g", "set-clipboard", "on")
        _ = try tmux("set", "-p", "-t", pane, "allow-passthrough", "on")
        #expect(TmuxClipboard.query(environment) == TmuxClipboard(setClipboard: "on", allowPassthrough: "1"))
        #expect(TmuxClipboard.query(["TMUX": "/nonexistent,1,0", "PATH": "/usr/bin:/bin"]) == nil)
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
