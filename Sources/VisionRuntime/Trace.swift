import Foundation

/// Timings for `make bench` (set `HYPER_VISION_TRACE=FILE`): one line per event,
/// `first-frame MS` (start to the first frame showing data), `key MS` (key read to frame
/// drawn) and `frame MS` (render plus flush). Off unless asked for: no cost otherwise.
public final class Trace {
    private let handle: FileHandle
    private let started: Double

    public init?(environment: [String: String] = ProcessInfo.processInfo.environment, started: Double) {
        guard let path = environment["HYPER_VISION_TRACE"], !path.isEmpty,
              FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else { return nil }
        self.handle = handle
        self.started = started
    }

    deinit { try? handle.close() }

    public static var clock: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    func record(_ event: String, since start: Double? = nil) {
        let milliseconds = (Self.clock - (start ?? started)) * 1000
        handle.write(Data("\(event) \(String(format: "%.3f", milliseconds))\n".utf8))
    }
}
