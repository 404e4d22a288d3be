import Foundation
import Testing

/// Edits and offline browsing from the real browser in tmux against nano with a secret: scripts/tui-edit-e2e.sh edits
/// through a scripted $EDITOR (tui-edit-editor.py), checks the server with the CLI, and covers
/// invalid JSON, conflicts, delete + undo, the journal, drafts after a kill, read-only and that
/// the secret reaches no file.
@Suite(.serialized) struct TUIEditTests {
    @Test(.enabled(if: TUIEndToEndTests.tmuxAvailable, "tmux is not installed"))
    func editsDrivenInTmux() async throws {
        let (status, log) = try await TUIEndToEndTests.runScript("scripts/tui-edit-e2e.sh", arguments: [TUIEndToEndTests.binary])
        #expect(status == 0, "\(log)")
        #expect(log.contains("PASS (edits)"))
    }

    /// Pages browsed stay browsable with the server stopped (marked offline), the marker clears
    /// by itself when it comes back, and `--offline` never touches the network.
    @Test(.enabled(if: TUIEndToEndTests.tmuxAvailable, "tmux is not installed"))
    func offlineDrivenInTmux() async throws {
        let (status, log) = try await TUIEndToEndTests.runScript("scripts/tui-offline-e2e.sh", arguments: [TUIEndToEndTests.binary])
        #expect(status == 0, "\(log)")
        #expect(log.contains("PASS (offline)"))
    }
}
