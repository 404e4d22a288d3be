import Foundation

/// Copying text: a native tool when the session has one (wl-copy, xclip, xsel, pbcopy), else
/// OSC 52 through the terminal, which also works over SSH. Only a native tool can report that
/// the text reached a clipboard; OSC 52 is sent and never acknowledged, and the messages say so.
public struct Clipboard: Sendable {
    /// OSC 52 payloads larger than this are refused by several terminals (k9s uses the same cap).
    public static let osc52Limit = 74_994

    /// How a multiplexer between us and the terminal treats OSC 52.
    public enum Multiplexer: Equatable, Sendable {
        case none
        /// tmux, with the options that decide what it does with OSC 52 (nil: unknown).
        case tmux(TmuxClipboard?)
        /// GNU screen: it passes OSC 52 on only inside its DCS passthrough.
        case screen
    }

    public let nativeTool: [String]?
    private let environment: [String: String]
    private let tmux: @Sendable ([String: String]) -> TmuxClipboard?

    /// `tmux` answers what tmux is set to do with OSC 52; by default it asks the tmux server we
    /// run in (`tmux display-message`), at each copy, so a changed option counts at once.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                tmux: @escaping @Sendable ([String: String]) -> TmuxClipboard? = TmuxClipboard.query) {
        nativeTool = Self.findNativeTool(environment)
        self.environment = environment
        self.tmux = tmux
    }

    /// The multiplexer between us and the terminal, as it is set now.
    public var multiplexer: Multiplexer {
        if environment["TMUX"] != nil { return .tmux(tmux(environment)) }
        if environment["STY"] != nil || environment["TERM"]?.hasPrefix("screen") == true { return .screen }
        return .none
    }

    static func findNativeTool(_ environment: [String: String]) -> [String]? {
        if let forced = environment["HYPER_VISION_CLIPBOARD"], forced == "osc52" { return nil }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        func find(_ name: String) -> String? {
            path.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        var candidates: [(String, [String])] = []
        if environment["WAYLAND_DISPLAY"] != nil { candidates.append(("wl-copy", [])) }
        if environment["DISPLAY"] != nil {
            candidates.append(("xclip", ["-selection", "clipboard"]))
            candidates.append(("xsel", ["--clipboard", "--input"]))
        }
        candidates.append(("pbcopy", []))
        for (name, arguments) in candidates {
            if let tool = find(name) { return [tool] + arguments }
        }
        return nil
    }

    /// What an OSC 52 copy amounts to here: the bytes to write (nil when too large for OSC 52 or
    /// known to be dropped, then `warning` says why).
    public struct OSC52: Equatable, Sendable {
        public let sequence: String?
        /// Why nothing is sent: the text is known not to reach a clipboard (tmux set to ignore it).
        public let warning: String?
    }

    /// The OSC 52 sequence for `text`, as the multiplexer we run in lets it through.
    public func osc52(_ text: String) -> OSC52 {
        let payload = Data(text.utf8).base64EncodedString()
        guard payload.utf8.count <= Self.osc52Limit else { return OSC52(sequence: nil, warning: nil) }
        let plain = "\u{1b}]52;c;\(payload)\u{07}"
        switch multiplexer {
        case .none:
            return OSC52(sequence: plain, warning: nil)
        case .screen:
            return OSC52(sequence: "\u{1b}P" + plain + "\u{1b}\\", warning: nil)
        case .tmux(let options):
            // tmux 3.3+ drops the passthrough wrapper unless allow-passthrough is on, while its
            // set-clipboard handles plain OSC 52 (into its paste buffer and on to the terminal).
            guard let options, !options.acceptsOSC52 else { return OSC52(sequence: plain, warning: nil) }
            if options.allowsPassthrough {
                // DCS tmux; with every ESC inside doubled: goes straight to the outer terminal.
                return OSC52(sequence: "\u{1b}Ptmux;" + plain.replacingOccurrences(of: "\u{1b}", with: "\u{1b}\u{1b}") + "\u{1b}\\",
                             warning: nil)
            }
            return OSC52(sequence: nil, warning: "tmux ignores OSC 52 here (set-clipboard \(options.setClipboard), "
                         + "allow-passthrough off): `tmux set -g set-clipboard on` lets copies through")
        }
    }

    /// Runs the native tool off the UI thread; answers with an error text or nil.
    public func copyNatively(_ text: String, tool: [String]) async -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool[0])
        process.arguments = Array(tool.dropFirst())
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            input.fileHandleForWriting.write(Data(text.utf8))
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            return process.terminationStatus == 0 ? nil : "\(tool[0]) failed (status \(process.terminationStatus))"
        } catch {
            return "\(tool[0]): \(error.localizedDescription)"
        }
    }
}

/// What the tmux server we run in does with OSC 52, from its options.
public struct TmuxClipboard: Equatable, Sendable {
    /// `on`, `external` (tmux 3.2+'s default: applications' OSC 52 is ignored) or `off`.
    public let setClipboard: String
    /// `allow-passthrough` (tmux 3.3+; `0`/`off` is the default); empty before 3.3, which
    /// always passed DCS passthrough on.
    public let allowPassthrough: String

    public init(setClipboard: String, allowPassthrough: String) {
        self.setClipboard = setClipboard
        self.allowPassthrough = allowPassthrough
    }

    /// tmux takes plain OSC 52 into its paste buffer and sends it on to the terminal.
    var acceptsOSC52: Bool { setClipboard == "on" }
    var allowsPassthrough: Bool { ["", "1", "on", "all"].contains(allowPassthrough) }

    /// Asks the tmux server of `$TMUX` about the pane we run in; nil when tmux cannot be asked
    /// (not on the PATH, over SSH) or does not answer within a second.
    public static func query(_ environment: [String: String]) -> TmuxClipboard? {
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { String($0) + "/tmux" }
        guard let tmux = path.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tmux)
        var arguments = ["display-message", "-p"]
        if let pane = environment["TMUX_PANE"] { arguments += ["-t", pane] }
        process.arguments = arguments + ["#{set-clipboard}|#{allow-passthrough}"]
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch { return nil }
        guard done.wait(timeout: .now() + 1) == .success else { process.terminate(); return nil }
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        return TmuxClipboard(setClipboard: parts[0], allowPassthrough: parts[1])
    }
}
