import CCursesShim
import CNcursesw
import Foundation
import VisionCore
import VisionRuntime
import VisionUI

/// The only code that talks to ncurses: set-up and teardown, key decoding, drawing a
/// `CellBuffer` diff, colours from a theme, suspend/resume for an external program: the
/// browser loop's `TerminalDevice` on a real terminal. Used from the UI thread only.
public final class Terminal: TerminalDevice {
    public enum ColorDepth: Sendable { case none, eight, palette256, direct }

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    public let colorDepth: ColorDepth
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private var previous: CellBuffer?
    private var styles: [Role: (attr: attr_t, pair: Int32)] = [:]
    private var savedStderr: Int32 = -1
    private var ended = false

    /// Takes over the terminal. `stderrLog` receives what would otherwise garble the screen.
    public init(stderrLog: String?) throws {
        // Wide characters need a UTF-8 locale; this machine kind has only C.UTF-8.
        let locale = setlocale(LC_ALL, "").map { String(cString: $0).lowercased() } ?? ""
        if !locale.contains("utf-8") && !locale.contains("utf8") { setlocale(LC_ALL, "C.UTF-8") }
        guard let screen = ccurses_newterm() else {
            throw StartError(description: "cannot start the terminal UI (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset"))")
        }
        self.screen = screen
        window = ccurses_stdscr()
        ccurses_install_restore_handlers()
        raw()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        ccurses_set_escdelay(25)
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
        }
        let colors = has_colors() ? ccurses_colors() : 0
        colorDepth = colors >= 0x1000000 ? .direct : colors >= 256 ? .palette256 : colors >= 8 ? .eight : .none
        if let stderrLog {
            let fd = open(stderrLog, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            if fd >= 0 { savedStderr = dup(2); dup2(fd, 2); close(fd) }
        }
    }

    /// Gives the terminal back (idempotent): every exit path calls it (the browser's `defer`;
    /// signals through the C handlers installed in `init`).
    public func end() {
        guard !ended else { return }
        ended = true
        endwin()
        delscreen(screen)
        if savedStderr >= 0 { dup2(savedStderr, 2); close(savedStderr); savedStderr = -1 }
    }

    public var size: (width: Int, height: Int) {
        var y: Int32 = 0, x: Int32 = 0
        ccurses_getmaxyx(window, &y, &x)
        return (Int(x), Int(y))
    }

    // MARK: colours

    /// Installs a theme's styles as colour pairs; the next frame is drawn in full.
    public func apply(_ theme: Theme) {
        styles = [:]
        let usable = colorDepth != .none
        for (index, role) in Role.allCases.enumerated() {
            let style = theme.style(role)
            var attr = ccurses_a_normal()
            if style.bold { attr |= ccurses_a_bold() }
            if style.dim { attr |= ccurses_a_dim() }
            if style.underline { attr |= ccurses_a_underline() }
            if style.reverse { attr |= ccurses_a_reverse() }
            if style.italic { attr |= ccurses_a_italic() }
            var pair: Int32 = 0
            if usable, index + 1 < ccurses_color_pairs() {
                pair = Int32(index + 1)
                _ = ccurses_init_pair(pair, color(style.fg), color(style.bg))
            }
            styles[role] = (attr, pair)
        }
        previous = nil
    }

    /// A theme colour as this terminal's colour number (-1 is the terminal's default).
    func color(_ color: ThemeColor) -> Int32 {
        switch (color, colorDepth) {
        case (.terminalDefault, _), (_, .none): return -1
        case (.ansi(let n), .eight): return Int32(n % 8)
        case (.ansi(let n), _): return Int32(n)
        case (.indexed(let n), .eight): return Int32(Palette.nearestANSI(toIndexed: n))
        case (.indexed(let n), _): return Int32(n)
        case (.rgb(let r, let g, let b), .direct): return Int32(r) << 16 | Int32(g) << 8 | Int32(b)
        case (.rgb(let r, let g, let b), .palette256): return Int32(Palette.nearestIndexed(r, g, b))
        case (.rgb(let r, let g, let b), .eight): return Int32(Palette.nearestANSI(r, g, b))
        }
    }

    // MARK: drawing

    /// Writes the cells that changed since the last frame, then updates the screen once.
    public func draw(_ buffer: CellBuffer) {
        let full = previous.map { $0.width != buffer.width || $0.height != buffer.height } ?? true
        if full { werase(window) }
        var chars = [wchar_t](repeating: 0, count: 6)
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if cell.width == 0 { continue }
                if !full, let previous, previous[x, y] == cell,
                   x + 1 >= buffer.width || previous[x + 1, y] == buffer[x + 1, y] { continue }
                // Never write the bottom-right cell: curses would scroll the screen.
                if y == buffer.height - 1 && x + Int(cell.width) >= buffer.width { continue }
                var count: Int32 = 0
                for scalar in cell.text.unicodeScalars.prefix(5) {
                    chars[Int(count)] = wchar_t(bitPattern: scalar.value)
                    count += 1
                }
                let style = styles[cell.role] ?? (ccurses_a_normal(), 0)
                _ = ccurses_mvwadd_cell(window, Int32(y), Int32(x), &chars, count, style.attr, style.pair)
            }
        }
        wnoutrefresh(window)
        doupdate()
        previous = buffer
    }

    /// Makes a resize also write a byte to `fd` (the mailbox pipe), so the loop redraws at once.
    public func wakeOnResize(_ fd: Int32) {
        ccurses_wake_on_resize(fd)
    }

    /// Forgets the last frame so the next one is drawn in full (after a resume or theme change).
    public func invalidate() {
        previous = nil
        clearok(window, true)
    }

    // MARK: input

    public func setMouse(_ on: Bool) {
        ccurses_mouse(on ? 1 : 0)
    }

    /// The next pending input, or nil when there is none (never blocks).
    public func read() -> TerminalInput? {
        var value: wint_t = 0
        let result = wget_wch(window, &value)
        if result == ERR { return nil }
        if result == ccurses_key_code_yes() {
            if Int32(value) == KEY_MOUSE { return mouseEvent() ?? read() }
            return decode(code: Int32(value)).map { .key($0) } ?? (Int32(value) == KEY_RESIZE ? .resize : read())
        }
        return decode(character: UInt32(value)).map { .key($0) } ?? read()
    }

    private func mouseEvent() -> TerminalInput? {
        var x: Int32 = 0, y: Int32 = 0
        let kind: MouseEvent.Kind
        switch ccurses_next_mouse(&x, &y) {
        case 1: kind = .click
        case 2: kind = .wheelUp
        case 3: kind = .wheelDown
        default: return nil
        }
        return .mouse(MouseEvent(kind, x: Int(x), y: Int(y)))
    }

    private func decode(code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_NPAGE: .pageDown
        case KEY_PPAGE: .pageUp
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        case ccurses_key_f0() + 1 ... ccurses_key_f0() + 12: .function(Int(code - ccurses_key_f0()))
        default: nil
        }
    }

    private func decode(character value: UInt32) -> Key? {
        switch value {
        case 27: return .esc
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(value + 96)!))
        default:
            guard let scalar = Unicode.Scalar(value), value >= 32 else { return nil }
            return .char(Character(scalar))
        }
    }

    // MARK: suspend

    /// Leaves curses mode so another program (an editor) can use the terminal; `resume` returns.
    public func suspend() {
        def_prog_mode()
        endwin()
    }

    public func resume() {
        reset_prog_mode()
        // Late answers to the editor's terminal queries (`ESC [ > 0 ; 95 c`...) would otherwise
        // be read as our keys: their digits switch panes.
        flushinp()
        invalidate()
        refresh()
    }

    /// Writes raw bytes to the terminal (OSC 52); only escape sequences we build ourselves.
    public func writeControl(_ sequence: String) {
        let bytes = Array(sequence.utf8)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(1, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }
}
