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
        if let unavailable = ccurses_load_error() { throw StartError(description: String(cString: unavailable)) }
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

    /// Installs a theme's styles, as this terminal's colours can show them
    /// (`Theme.resolved(for:)`), as colour pairs; the next frame is drawn in full.
    public func apply(_ theme: Theme) {
        styles = [:]
        let resolved = theme.resolved(for: colorDepth)
        for (index, role) in Role.allCases.enumerated() {
            let style = resolved[role] ?? TerminalStyle()
            var attr = ccurses_a_normal()
            if style.bold { attr |= ccurses_a_bold() }
            if style.dim { attr |= ccurses_a_dim() }
            if style.underline { attr |= ccurses_a_underline() }
            if style.reverse { attr |= ccurses_a_reverse() }
            if style.italic { attr |= ccurses_a_italic() }
            var pair: Int32 = 0
            if colorDepth != .none, index + 1 < ccurses_color_pairs() {
                pair = Int32(index + 1)
                _ = ccurses_init_pair(pair, style.fg, style.bg)
            }
            styles[role] = (attr, pair)
        }
        previous = nil
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
        if let input = pushedBack {
            pushedBack = nil
            return input
        }
        guard let input = readOne() else { return nil }
        // Alt-b arrives as Esc then b in the same burst (a lone Esc has nothing behind it):
        // what follows at once is read here, and kept for the next call when it is not a
        // character.
        guard input == .key(.esc), let next = readOne() else { return input }
        guard case .key(.char(let c)) = next else {
            pushedBack = next
            return input
        }
        if c == "[" || c == "O", let sequence = escapeSequence() {
            return sequence.map { .key($0) } ?? read()
        }
        return .key(.alt(c))
    }

    /// An input read after an Esc that was not Alt's character: the next `read` returns it.
    private var pushedBack: TerminalInput?

    /// The rest of a key sequence curses did not know (a terminal whose TERM says otherwise,
    /// as inside tmux or screen): Home, End, Delete, PgUp, PgDn and arrows in their common
    /// spellings; any other sequence is dropped whole rather than typed as text. Nil when
    /// nothing follows (then it was Alt-[ or Alt-O).
    private func escapeSequence() -> Key?? {
        var body = ""
        while let input = readOne() {
            guard case .key(.char(let c)) = input, let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1 else {
                pushedBack = input
                return .some(nil)
            }
            body.append(c)
            // A final byte ends the sequence; parameters and intermediates come before it.
            if (0x40...0x7E).contains(scalar.value) { return .some(Self.keyOf(sequence: body)) }
            if body.count > 16 { return .some(nil) }
        }
        return body.isEmpty ? nil : .some(nil)
    }

    static func keyOf(sequence: String) -> Key? {
        switch sequence {
        case "1~", "7~", "H": .home
        case "4~", "8~", "F": .end
        case "3~": .delete
        case "5~": .pageUp
        case "6~": .pageDown
        case "A": .up
        case "B": .down
        case "C": .right
        case "D": .left
        default: nil
        }
    }

    private func readOne() -> TerminalInput? {
        var value: wint_t = 0
        let result = wget_wch(window, &value)
        if result == ERR { return nil }
        if result == ccurses_key_code_yes() {
            if Int32(value) == KEY_MOUSE { return mouseEvent() ?? readOne() }
            return decode(code: Int32(value)).map { .key($0) } ?? (Int32(value) == KEY_RESIZE ? .resize : readOne())
        }
        return decode(character: UInt32(value)).map { .key($0) } ?? readOne()
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
