import Foundation

/// Copying text: a native tool when the session has one (wl-copy, xclip, xsel, pbcopy), else
/// OSC 52 through the terminal, wrapped for tmux and screen, which also works over SSH.
public struct Clipboard: Sendable {
    /// OSC 52 payloads larger than this are refused by several terminals (k9s uses the same cap).
    public static let osc52Limit = 74_994

    public let nativeTool: [String]?
    let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        nativeTool = Self.findNativeTool(environment)
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

    /// The OSC 52 sequence for `text`, wrapped for the multiplexer we run in; nil when too large.
    public func osc52(_ text: String) -> String? {
        let payload = Data(text.utf8).base64EncodedString()
        guard payload.utf8.count <= Self.osc52Limit else { return nil }
        let sequence = "\u{1b}]52;c;\(payload)\u{07}"
        if environment["TMUX"] != nil {
            // tmux passthrough: DCS tmux; with every ESC inside doubled.
            return "\u{1b}Ptmux;" + sequence.replacingOccurrences(of: "\u{1b}", with: "\u{1b}\u{1b}") + "\u{1b}\\"
        }
        if environment["TERM"]?.hasPrefix("screen") == true {
            return "\u{1b}P" + sequence + "\u{1b}\\"
        }
        return sequence
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
