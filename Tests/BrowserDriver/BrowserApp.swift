import Foundation
import HyperStore
import HyperSession
import VisionCore
import VisionRuntime
import VisionUI

/// The browser in this process on a headless terminal, driven like a user:
/// `try await app.press("/").type("type=movie").press(.enter).waitIdle()`, then assertions on
/// `screen` (text) and on roles (`selectedRow`, `state.focus`). It waits on the loop's busy
/// counter and the workers' mailbox, never on sleeps.
@MainActor
public final class BrowserApp {
    public let terminal: HeadlessTerminal
    public let loop: AppLoop
    private let worker: SessionWorker
    private let editor: EditorScript
    /// The loop's clock: real time at start, moved on by `advance(seconds:)`.
    private let clock: Clock

    /// The environment a driven browser sees: OSC 52 copies (no native clipboard tool), 256 colours.
    public static let environment = ["HYPER_VISION_CLIPBOARD": "osc52", "TERM": "xterm-256color"]

    /// Opens `resolved` with local state under `paths`, like `hyper-vision CONNECTION`;
    /// `environment` adds to (or replaces) the driven browser's environment.
    public init(_ resolved: ResolvedConnection, paths: AppPaths, width: Int = 120, height: Int = 40, offline: Bool = false,
                environment: [String: String] = [:],
                resolve: @escaping (String) throws -> ResolvedConnection = { _ in throw ErrorInfo(status: nil, message: "no saved connections") }) {
        terminal = HeadlessTerminal(width: width, height: height)
        let catalog = ThemeCatalog(userFolder: paths.config + "/themes")
        editor = EditorScript()
        clock = Clock()
        worker = SessionWorker(resolved, store: LocalStore(locations: paths.store), offline: offline, resolve: resolve)
        let state = AppState(connection: resolved.info, width: width, height: height, now: AppLoop.now,
                             theme: "default", themeNames: catalog.names, savedConnections: [])
        let editor = self.editor, clock = self.clock
        loop = AppLoop(state: state, terminal: terminal, catalog: catalog, theme: (try? catalog.load("default")) ?? .fallback,
                       performer: worker, environment: Self.environment.merging(environment) { $1 },
                       clock: { clock.now }, editor: { run in editor.run(run.path) })
        worker.started(mailbox: loop.mailbox)
        loop.start()
    }

    // MARK: what a user does

    /// Presses keys; a string is pressed one character after the other (`press("/")`, `press("zM")`).
    @discardableResult
    public func press(_ keys: Key...) -> Self {
        for key in keys { terminal.queue(.key(key)) }
        loop.step()
        return self
    }

    @discardableResult
    public func press(_ text: String) -> Self { type(text) }

    /// Types text (each character a key), as into a prompt.
    @discardableResult
    public func type(_ text: String) -> Self {
        for character in text { terminal.queue(.key(.char(character))) }
        loop.step()
        return self
    }

    @discardableResult
    public func mouse(_ kind: MouseEvent.Kind, x: Int, y: Int) -> Self {
        terminal.queue(.mouse(MouseEvent(kind, x: x, y: y)))
        loop.step()
        return self
    }

    @discardableResult
    public func resize(width: Int, height: Int) -> Self {
        terminal.resize(width: width, height: height)
        loop.step()
        return self
    }

    /// Moves the loop's clock on (watch mode, relative times) and lets it tick.
    @discardableResult
    public func advance(seconds: Double) -> Self {
        clock.now += seconds
        loop.step()
        return self
    }

    /// What the editor does to the draft file the next times it opens, one script per run (a
    /// run without a script leaves the file as it is).
    public func whenEditing(_ scripts: (@MainActor (String) throws -> Void)...) {
        editor.scripts = scripts
    }

    // MARK: waiting

    public struct Timeout: Error, CustomStringConvertible {
        public let waitingFor: String
        public let screen: String
        public var description: String { "timed out waiting for \(waitingFor); the screen:\n\(screen)" }
    }

    /// Returns once no request runs, no answer waits and no timer is due: the busy counter is
    /// zero (time moves on to the loop's timer, as it would while the user waits).
    @discardableResult
    public func waitIdle(timeout: Duration = .seconds(60)) async throws -> Self {
        try await wait(until: "idle", timeout: timeout) { $0.loop.isIdle }
    }

    /// Returns once `text` is on the screen (for what comes without a request: back online).
    @discardableResult
    public func waitFor(_ text: String, timeout: Duration = .seconds(60)) async throws -> Self {
        try await wait(until: "\"\(text)\"", timeout: timeout) { $0.screen.contains(text) }
    }

    /// Handles the workers' answers as they arrive until `condition` holds.
    @discardableResult
    public func wait(until what: String, timeout: Duration = .seconds(60), _ condition: (BrowserApp) -> Bool) async throws -> Self {
        let mailbox = loop.mailbox
        let end = ContinuousClock.now + timeout
        // Only a safety net: it wakes the wait below once the time is up.
        let deadline = Task { [mailbox] in
            try? await Task.sleep(for: timeout)
            mailbox.wakeWaiters()
        }
        defer { deadline.cancel() }
        loop.step()
        while !condition(self), ContinuousClock.now < end {
            if let wake = loop.state.nextWake, mailbox.isEmpty {
                // The user waits: the loop's timer (a resting cursor's detail load) comes due.
                clock.now = max(clock.now, wake)
            } else {
                await mailbox.news()
            }
            loop.step()
        }
        guard condition(self) else { throw Timeout(waitingFor: what, screen: screen) }
        return self
    }

    /// Quits with `q` (cancelling what runs) and waits for the session to close.
    public func quit() {
        press("q")
    }

    // MARK: what the user sees

    public var state: AppState { loop.state }
    public var screen: String { terminal.frame.text }
    public var lines: [String] { terminal.frame.lines }

    /// The text of the list row the cursor is on (drawn with the cursor's role), trimmed.
    public var selectedRow: String? { rows(with: [.cursor, .cursorInactive]).first }

    /// Rows of the frame holding a cell drawn with one of `roles`, trimmed.
    public func rows(with roles: Set<Role>) -> [String] {
        let frame = terminal.frame
        return (0..<frame.height).compactMap { y in
            guard (0..<frame.width).contains(where: { roles.contains(frame[$0, y].role) }) else { return nil }
            return frame.lines[y].trimmingCharacters(in: .whitespaces)
        }
    }

    /// The role of the cell where `text` first starts on screen.
    public func role(of text: String) -> Role? {
        let frame = terminal.frame
        for (y, line) in frame.lines.enumerated() {
            guard let range = line.range(of: text) else { continue }
            return frame[line.distance(from: line.startIndex, to: range.lowerBound), y].role
        }
        return nil
    }
}

/// The loop's clock, moved on by the driver.
@MainActor
final class Clock {
    var now = AppLoop.now
}

/// The editor of a driven browser: runs the test's script on the draft file.
@MainActor
final class EditorScript {
    var scripts: [@MainActor (String) throws -> Void] = []

    func run(_ path: String) -> ExternalEditor.Outcome {
        let before = FileManager.default.contents(atPath: path)
        let script = scripts.isEmpty ? nil : scripts.removeFirst()
        do { try script?(path) } catch { return .failed("the test's editor failed: \(error)") }
        return .closed(edited: FileManager.default.contents(atPath: path) != before)
    }
}
