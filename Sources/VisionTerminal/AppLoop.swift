import Foundation
import VisionCore
import VisionUI

/// Performs the effects that need the network (requests, connecting): the executable's
/// workers, built on HyperClient. Called on the UI thread; must return at once and post answers
/// to the mailbox later.
@MainActor
public protocol EffectPerformer: AnyObject {
    func perform(_ effect: Effect, mailbox: Mailbox)
    /// The answer of a request has been handled: its task can be forgotten.
    func finished(_ request: RequestID)
}

/// The UI loop: waits on the keyboard and the mailbox, runs `update`, hands effects out, draws.
/// It never blocks on I/O; `state.running` is the busy counter tests can wait on.
@MainActor
public final class AppLoop {
    public private(set) var state: AppState
    private let terminal: Terminal
    private let catalog: ThemeCatalog
    private let performer: EffectPerformer
    private let clipboard = Clipboard()
    private let noColor: Bool
    public let mailbox = Mailbox()

    private let trace: Trace?
    private var firstFrameTraced = false

    /// `started` is the monotonic clock (`Trace.clock`) when the command began, for the trace.
    public init(state: AppState, terminal: Terminal, catalog: ThemeCatalog, theme: Theme, performer: EffectPerformer,
                started: Double = Trace.clock) {
        self.state = state
        trace = Trace(started: started)
        self.terminal = terminal
        self.catalog = catalog
        self.performer = performer
        noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        terminal.apply(noColor ? theme.withoutColor() : theme)
        terminal.wakeOnResize(mailbox.writeFD)
    }

    public static var now: Double { Date().timeIntervalSince1970 }

    /// Runs until the user quits.
    public func run() {
        let size = terminal.size
        handle(.resize(width: size.width, height: size.height))
        state.now = Self.now
        perform(state.start())
        draw()
        while !state.quitting {
            wait()
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
            messages.append(.tick(Self.now))
            for message in messages where !state.quitting { handle(message) }
            if !state.quitting { draw() }
            if keys > 0 { trace?.record("key", since: woke) }
        }
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
    /// elapsed time and progress move; every second otherwise for relative times).
    private func wait() {
        let busy = state.isBusy || state.queue.watching || !state.pendingKeys.isEmpty
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: mailbox.readFD, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, 2, busy ? 200 : 1000)
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
            case .copy(let text):
                copy(text)
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
        let command = ExternalEditor.command(environment: ProcessInfo.processInfo.environment)
        terminal.suspend()
        let outcome = ExternalEditor.run(command, path: run.path)
        terminal.resume()
        let size = terminal.size   // the window may have been resized while the editor ran
        handle(.resize(width: size.width, height: size.height))
        switch outcome {
        case .closed(let edited): handle(.editorClosed(run, edited: edited))
        case .failed(let message): handle(.notice(message + "; the draft is kept (:drafts)", isError: true))
        }
    }

    private func copy(_ text: String) {
        if let tool = clipboard.nativeTool {
            let mailbox = self.mailbox, clipboard = self.clipboard
            Task.detached {
                if let failure = await clipboard.copyNatively(text, tool: tool) { mailbox.post(.notice(failure, isError: true)) }
            }
        } else if let sequence = clipboard.osc52(text) {
            terminal.writeControl(sequence)
        } else {
            handle(.notice("too large to copy through the terminal (OSC 52 limit \(Clipboard.osc52Limit) bytes)", isError: true))
        }
    }
}
