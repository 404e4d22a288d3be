import VisionCore
import VisionUI

/// What the loop reads from a terminal.
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize
}

/// The small protocol the browser's loop runs over: read input, draw a cell buffer, hand the
/// terminal to another program and take it back. VisionTerminal implements it over ncurses (the
/// only code that calls curses); the headless driver implements it in memory for tests.
@MainActor
public protocol TerminalDevice: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// The next pending input, or nil when there is none (never blocks).
    func read() -> TerminalInput?
    /// Shows `buffer` (a real terminal writes only what changed since the last frame).
    func draw(_ buffer: CellBuffer)
    /// Installs a theme's styles; the next frame is drawn in full.
    func apply(_ theme: Theme)
    func setMouse(_ on: Bool)
    /// Leaves the screen to another program (the editor); `resume` takes it back.
    func suspend()
    func resume()
    /// Writes an escape sequence we built ourselves (OSC 52).
    func writeControl(_ sequence: String)
    /// Makes a resize also write a byte to `fd`, so a loop waiting on it wakes at once.
    func wakeOnResize(_ fd: Int32)
}
