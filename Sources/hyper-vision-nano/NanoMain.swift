import ArgumentParser
import Glibc
import HyperJSON

/// The entry point of `hyper-vision-nano`. Bad usage exits 2, as it does for every hyper-vision
/// command (ArgumentParser's own code is 64); the message is escaped, since it may quote what
/// was typed.
@main
enum NanoMain {
    static func main() async {
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
