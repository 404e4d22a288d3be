import Glibc
import Logging

/// How many connections the process's open-file limit leaves room for: each connection holds a
/// descriptor, and nano needs others for SQLite (three files per connection to it), storage
/// transfers and queue deliveries. A connection cap above what the limit allows would let
/// accept() fail with EMFILE, which is what the cap exists to prevent.
enum FileDescriptorBudget {
    static let reserved = 128

    /// `wanted`, or less when even the hard limit is too low (said in a warning). The soft limit
    /// (often 1024) is raised towards the hard one when that makes room, as servers do.
    static func connectionCapacity(wanted: Int, logger: Logger) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return wanted }
        let needed = rlim_t(wanted + reserved)
        if limit.rlim_cur < needed {
            var raised = limit
            raised.rlim_cur = min(needed, limit.rlim_max)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let available = max(1, Int(clamping: limit.rlim_cur) - reserved)
        guard wanted > available else { return wanted }
        logger.warning(
            "at most \(available) connections instead of \(wanted): the open-file limit is \(limit.rlim_cur) (ulimit -n) and nano keeps \(reserved) files for itself")
        return available
    }
}
