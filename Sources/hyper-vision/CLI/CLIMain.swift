import ArgumentParser
import Glibc
import HyperClient

extension HyperVision {
    /// The program's entry point, replacing ArgumentParser's default to keep the scripting exit
    /// codes: ArgumentParser exits 64 (EX_USAGE) on bad usage, our contract says 2; our own
    /// failures print one `error:` line on stderr and exit with their code.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let code = reportedExitCode(for: error) { Glibc.exit(code) }
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            StandardStreams.writeError(fullMessage(for: error))
            Glibc.exit(CLIFailure.usageExitCode)
        }
    }

    /// Prints the errors the CLI knows and returns their exit code; nil for ArgumentParser's own.
    private static func reportedExitCode(for error: any Error) -> Int32? {
        switch error {
        case let failure as CLIFailure:
            StandardStreams.writeError("error: \(failure.message)")
            return failure.exitCode
        case let failure as HyperError:
            StandardStreams.writeError("error: \(failure)")
            return failure.exitCode
        case is ConnectionError, is ConfigError:
            StandardStreams.writeError("error: \(error)")
            return CLIFailure.usageExitCode
        default:
            return nil
        }
    }
}
