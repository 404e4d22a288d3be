import Glibc

/// The `Date` header's value (RFC 9110's IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`) for the
/// answers `ReadLane` writes itself (Hummingbird dates the others).
enum HTTPDate {
    /// The value of the current second, kept by one connection: made at most once a second per
    /// connection, and without a lock (one shared by every event loop was taken by every light
    /// read).
    struct Cached {
        private var second = -1
        private var value = ""

        mutating func now() -> String {
            let current = time(nil)
            if current != second { (second, value) = (current, HTTPDate.format(current)) }
            return value
        }
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// English names whatever the locale (strftime's %a and %b follow LC_TIME).
    static func format(_ second: Int) -> String {
        var seconds = second
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(1900 + parts.tm_year) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
