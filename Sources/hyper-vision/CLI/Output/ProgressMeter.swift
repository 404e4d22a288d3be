import Foundation
import Glibc
import HyperClient
import HyperJSON
import Synchronization

/// A one-line transfer meter on stderr ("download cat.png  1.2 MB / 4.0 MB  30%"), redrawn at
/// most ten times a second and erased when the transfer ends. Only shown when stderr is a
/// terminal that is not also receiving the downloaded bytes, so scripts and pipes never see it.
final class ProgressMeter: Sendable {
    private let label: String
    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var finished = false
    }
    private let state = Mutex(State())

    private init(label: String) { self.label = label }

    /// A meter for this transfer, or nil when it should stay quiet. `bytesToStdout` is true for
    /// a download whose bytes go to stdout.
    static func forTransfer(_ label: String, bytesToStdout: Bool) -> ProgressMeter? {
        guard isatty(STDERR_FILENO) == 1, !(bytesToStdout && StandardStreams.stdoutIsTerminal) else { return nil }
        return ProgressMeter(label: label)
    }

    var handler: ProgressHandler {
        { [self] progress in draw(progress) }
    }

    /// Erases the line, leaving the terminal as it was; later progress calls draw nothing.
    /// Safe to call more than once (an explicit call before output, a `defer` for errors).
    func finish() {
        let first = state.withLock { state in
            defer { state.finished = true }
            return !state.finished
        }
        if first { StandardStreams.writeControl("\r\u{1B}[K") }
    }

    private func draw(_ progress: TransferProgress) {
        // curl reports before anything moves; "0 B" would only flicker.
        guard progress.bytes > 0 || progress.total != nil else { return }
        let now = ContinuousClock.now
        let due = state.withLock { state in
            guard !state.finished, state.lastDraw.map({ now - $0 >= .milliseconds(100) }) ?? true else { return false }
            state.lastDraw = now
            return true
        }
        guard due else { return }
        var line = "\(label)  \(Self.size(progress.bytes))"
        if let total = progress.total, total > 0 {
            line += " / \(Self.size(total))  \(min(100, progress.bytes * 100 / total))%"
        }
        StandardStreams.writeControl("\r\u{1B}[K" + TerminalText.escaped(line))
    }

    /// Decimal units, as transfer tools show them.
    static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
