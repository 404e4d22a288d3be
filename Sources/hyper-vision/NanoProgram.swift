import Foundation
import Glibc

/// The embedded server is a program of its own, `hyper-vision-nano`, installed beside
/// `hyper-vision`: the CLI's commands do not carry the server's code (its HTTP stack made every
/// command start slower: more protocol conformances for the Swift runtime to scan, more
/// relocations for the loader). `hyper-vision nano` becomes it; `demo` runs it as a child.
enum NanoProgram {
    static let name = "hyper-vision-nano"

    /// Its path: in this program's own folder (`/proc/self/exe`, symbolic links resolved).
    static func path() throws(CLIFailure) -> String {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let path = (own as NSString).deletingLastPathComponent + "/" + name
        guard access(path, X_OK) == 0 else {
            throw CLIFailure(message: "cannot run the embedded server: \(path) is missing (it is built and installed beside hyper-vision)", exitCode: 1)
        }
        return path
    }

    /// Replaces this process with the server (same process id, so whoever started
    /// `hyper-vision nano` can signal it), passing `arguments` on.
    static func become(with arguments: [String]) throws(CLIFailure) -> Never {
        let path = try path()
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        throw CLIFailure(message: "cannot run \(path): \(reason)", exitCode: 1)
    }
}
