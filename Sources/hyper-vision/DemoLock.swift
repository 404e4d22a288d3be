import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One demo per folder: an exclusive `flock` on `<folder>/demo.lock`, held for the demo's life
/// (the kernel lets go of it however the process ends), whose text says who holds it and where
/// it serves, so a second demo can say so instead of purging the first one's data.
final class DemoLock {
    private let descriptor: Int32
    private let path: String

    /// Takes the folder's lock, or says who has it.
    init(folder: String) throws {
        path = folder + "/demo.lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CLIFailure(message: "cannot open \(path): \(String(cString: strerror(errno)))", exitCode: 1)
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            close(descriptor)
            throw CLIFailure(message: Self.describe(holder: text, folder: folder), exitCode: 1)
        }
        record("pid \(getpid())")
    }

    deinit { close(descriptor) }

    /// Says where the demo serves, for a second demo to tell its user.
    func serving(_ url: String) { record("pid \(getpid()) url \(url)") }

    private func record(_ text: String) {
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, text, text.utf8.count, 0)
    }

    /// `a demo is already running at URL (pid N); use it, or pass --dir`.
    static func describe(holder text: String, folder: String) -> String {
        let words = text.split(separator: " ").map(String.init)
        let pid = words.firstIndex(of: "pid").flatMap { words[safe: $0 + 1] } ?? "?"
        guard let url = words.firstIndex(of: "url").flatMap({ words[safe: $0 + 1] }) else {
            return "a demo is starting in \(folder) (pid \(pid)); wait for it, or pass --dir FOLDER for another"
        }
        return "a demo is already running at \(url) (pid \(pid)); use it (export HYPER=\(url)), "
            + "or pass --dir FOLDER for another"
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
