import Foundation
import VisionCore
import VisionUI
#if canImport(Glibc)
import Glibc
#endif

/// Performs the effects that need the network (requests, connecting): the executable's
/// workers, built on HyperClient. Called on the UI thread; must return at once and post answers
/// to the mailbox later.
@MainActor
public protocol EffectPerformer: AnyObject {
    func perform(_ effect: Effect, mailbox: Mailbox)
    /// The answer of a request has been handled: its task can be forgotten.
    func finished(_ request: RequestID)
}

/// How the loop runs `$VISUAL`/`$EDITOR` on a draft while the terminal is suspended.
public typealias EditorLauncher = @MainActor (EditorRun) -> ExternalEditor.Outcome

/// The UI loop: waits on the keyboard and the mailbox, runs `update`, hands effects out, draws.
/// It never blocks on I/O; `state.running` is the busy counter tests wait on. `run()` drives
/// it on a real terminal; a test driver calls `start()` and `step()` itself.
@MainActor
public final class AppLoop {
    public private(set) var state: AppState
    public let terminal: any TerminalDevice
    private let catalog: ThemeCatalog
    private let performer: EffectPerformer
    private let clipboard: Clipboard
    private let noColor: Bool
    private let clock: @MainActor () -> Double
    private let editor: EditorLauncher
    public let mailbox = Mailbox()

    private let trace: Trace?
    private var firstFrameTraced = false

    /// `started` is the monotonic clock (`Trace.clock`) when the command began, for the trace.
    /// `clock` gives the time of `.tick`s (tests move it on); `editor` runs the user's editor.
    public init(state: AppState, terminal: any TerminalDevice, catalog: ThemeCatalog, theme: Theme, performer: EffectPerformer,
                environment: [String: String] = ProcessInfo.processInfo.environment, started: Double = Trace.clock,
                clock: @escaping @MainActor () -> Double = { AppLoop.now }, editor: EditorLauncher? = nil) {
        self.state = state
        self.state.downloadFolder = DownloadFolder.resolve(environment)
        trace = Trace(environment: environment, started: started)
        self.terminal = terminal
        self.catalog = catalog
        self.performer = performer
        self.clock = clock
        clipboard = Clipboard(environment: environment)
        self.editor = editor ?? { run in ExternalEditor.run(ExternalEditor.command(environment: environment), path: run.path) }
        noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        terminal.apply(noColor ? theme.withoutColor() : theme)
        terminal.wakeOnResize(mailbox.writeFD)
    }

    public static var now: Double { Date().timeIntervalSince1970 }

    /// Whether nothing is running, no answer waits to be handled and no timer waits (a detail
    /// load while the cursor rests): what tests wait for.
    public var isIdle: Bool { state.running.isEmpty && mailbox.isEmpty && state.nextWake == nil }

    /// Runs until the user quits.
    public func run() {
        start()
        while !state.quitting {
            wait()
            step()
        }
    }

    /// Sizes the state to the terminal, asks for the first pages, draws the first frame.
    public func start() {
        let size = terminal.size
        handle(.resize(width: size.width, height: size.height))
        state.now = clock()
        perform(state.start())
        draw()
    }

    /// Handles what is pending (input, workers' answers, the time) and draws.
    public func step() {
        let woke = Trace.clock
        var messages: [Msg] = []
        while let input = terminal.read() {
            switch input {
            case .key(let key): messages.append(.key(key))
            case .mouse(let event): messages.append(.mouse(event))
            case .resize:
                let size = terminal.size
                messages.append(.resize(width: size.width, height: size.height))
            }
        }
        let keys = messages.count
        messages += mailbox.drain()
        messages.append(.tick(clock()))
        for message in messages where !state.quitting { handle(message) }
        if !state.quitting { draw() }
        if keys > 0 { trace?.record("key", since: woke) }
    }

    private func draw() {
        let start = Trace.clock
        let screen = Screen.render(state)
        trace?.record("render", since: start)
        terminal.draw(screen)
        guard let trace else { return }
        trace.record("frame", since: start)
        if !firstFrameTraced && !state.data.docs.isEmpty {
            firstFrameTraced = true
            trace.record("first-frame")
        }
    }

    private func handle(_ message: Msg) {
        perform(update(&state, message))
        switch message {
        case .response(let id, _), .failed(let id, _): performer.finished(id)
        default: break
        }
    }

    /// Sleeps until input, news from a worker, or the next tick (often while busy so the
    /// elapsed time and progress move; every second otherwise for relative times; at the
    /// state's timer, the detail load of a resting cursor).
    private func wait() {
        let busy = state.isBusy || state.queue.watching || !state.pendingKeys.isEmpty
        var timeout = busy ? 200 : 1000
        if let wake = state.nextWake { timeout = min(timeout, max(0, Int(((wake - clock()) * 1000).rounded(.up)))) }
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: mailbox.readFD, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, 2, Int32(timeout))
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .quit:
                performer.perform(effect, mailbox: mailbox)
            case .loadTheme(let name):
                do {
                    let theme = try catalog.load(name)
                    terminal.apply(noColor ? theme.withoutColor() : theme)
                    handle(.themeChanged(name))
                } catch {
                    handle(.notice(error.description, isError: true))
                }
            case .copy(let text, let what):
                copy(text, what: what)
            case .setMouse(let on):
                terminal.setMouse(on)
            case .openEditor(let run):
                edit(run)
            default:
                performer.perform(effect, mailbox: mailbox)
            }
        }
    }

    /// Hands the terminal to the editor and takes it back; blocks the loop meanwhile (nothing
    /// else may draw), then tells `update` how it went.
    private func edit(_ run: EditorRun) {
        terminal.suspend()
        let outcome = editor(run)
        terminal.resume()
        let size = terminal.size   // the window may have been resized while the editor ran
        handle(.resize(width: size.width, height: size.height))
        switch outcome {
        case .closed(let edited): handle(.editorClosed(run, edited: edited))
        case .failed(let message): handle(.notice(message + "; the draft is kept (:drafts)", isError: true))
        }
    }

    /// Copies through the native tool (which says whether it worked) or OSC 52 (which never
    /// answers: the message says it was sent, not that it was copied).
    private func copy(_ text: String, what: String) {
        if let tool = clipboard.nativeTool {
            let mailbox = self.mailbox, clipboard = self.clipboard
            Task.detached {
                if let failure = await clipboard.copyNatively(text, tool: tool) {
                    mailbox.post(.notice("not copied: \(failure)", isError: true))
                } else {
                    mailbox.post(.notice("copied \(what)", isError: false))
                }
            }
            return
        }
        let osc52 = clipboard.osc52(text)
        if let warning = osc52.warning {
            handle(.notice("not copied: \(warning)", isError: true))
            return
        }
        guard let sequence = osc52.sequence else {
            let most = Format.bytes(Int64(Clipboard.osc52Limit / 4 * 3))
            handle(.notice("not copied: \(what) is too large for the terminal clipboard (OSC 52 takes at most \(most))", isError: true))
            return
        }
        terminal.writeControl(sequence)
        handle(.notice("sent \(what) to the terminal clipboard (OSC 52)", isError: false))
    }
}
