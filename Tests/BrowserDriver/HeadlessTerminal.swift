import VisionCore
import VisionRuntime
import VisionUI

/// A terminal in memory: keys and mouse events go in, frames come out as cell buffers. What the
/// browser draws here is what ncurses would draw (the same `CellBuffer`, roles instead of colours).
@MainActor
public final class HeadlessTerminal: TerminalDevice {
    public private(set) var size: (width: Int, height: Int)
    public private(set) var frame = CellBuffer(width: 0, height: 0)
    public private(set) var theme: Theme?
    public private(set) var mouseOn = false
    /// Escape sequences the browser wrote itself (OSC 52 copies).
    public private(set) var controlWrites: [String] = []
    /// How many times the screen was handed to another program (the editor).
    public private(set) var suspensions = 0
    public private(set) var isSuspended = false
    private var pending: [TerminalInput] = []

    public init(width: Int, height: Int) { size = (width, height) }

    func queue(_ input: TerminalInput) { pending.append(input) }

    func resize(width: Int, height: Int) {
        size = (width, height)
        pending.append(.resize)
    }

    public func read() -> TerminalInput? { pending.isEmpty ? nil : pending.removeFirst() }
    public func draw(_ buffer: CellBuffer) { frame = buffer }
    public func apply(_ theme: Theme) { self.theme = theme }
    public func setMouse(_ on: Bool) { mouseOn = on }
    public func suspend() { suspensions += 1; isSuspended = true }
    public func resume() { isSuspended = false }
    public func writeControl(_ sequence: String) { controlWrites.append(sequence) }
    public func wakeOnResize(_ fd: Int32) {}
}
