import Foundation
import Testing

/// What only a real terminal shows of editing: scripts/tui-edit-e2e.sh runs the real browser in
/// tmux against nano with a secret and a scripted $EDITOR (tui-edit-editor.py): the editor owns
/// the terminal and a 0600 draft, a browser killed while the editor is open leaves a draft that
/// the next start offers, and the secret reaches no file. Every other editing behaviour is a
/// driver test (BrowserTests/EditTests.swift).
@Suite(.serialized) struct TUIEditTests {
    @Test(.enabled(if: TUIEndToEndTests.tmuxAvailable, "tmux is not installed"))
    func editsDrivenInTmux() async throws {
        let (status, log) = try await TUIEndToEndTests.runScript("scripts/tui-edit-e2e.sh", arguments: [TUIEndToEndTests.binary])
        #expect(status == 0, "\(log)")
        #expect(log.contains("PASS (edits)"))
    }
}
