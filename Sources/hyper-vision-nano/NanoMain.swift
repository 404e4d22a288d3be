import ArgumentParser
import Glibc
import HyperJSON
import HyperNano

/// The entry point of `hyper-vision-nano`. Bad usage exits 2, as it does for every hyper-vision
/// command (ArgumentParser's own code is 64); the message is escaped, since it may quote what
/// was typed.
@main
enum NanoMain {
    static func main() async {
        // First: SQLite takes process-wide settings only before its first connection opens.
        // Refused, nano still serves the same answers, only its reads are slower: it says so.
        do {
            try SQLiteProcessSettings.turnOffMemoryStatistics()
        } catch {
            _ = "hyper-vision nano: \(error); reads will be slower\n".withCString { write(STDERR_FILENO, $0, strlen($0)) }
        }
        do {
            try await NanoCommand.parse().run()
        } catch {
            guard NanoCommand.exitCode(for: error) == .validationFailure else { NanoCommand.exit(withError: error) }
            let message = TerminalText.escaped(NanoCommand.fullMessage(for: error), keepingNewlines: true) + "\n"
            _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
            Glibc.exit(2)
        }
    }
}
