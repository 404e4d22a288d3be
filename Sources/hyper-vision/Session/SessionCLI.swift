import HyperSession
import HyperStore

/// What the session commands share: the XDG places of local state, and their error mapping.
enum SessionCLI {
    static var locations: StoreLocations { AppPaths.current.store }

    /// Runs a local-state operation; a failure is reported as `error: ...`, exit 1.
    static func run<T>(_ body: () throws(SessionError) -> T) throws(CLIFailure) -> T {
        do { return try body() } catch { throw CLIFailure(message: error.description, exitCode: 1) }
    }
}
