import Foundation

/// Cache TTLs in the npm `ms` format hyper uses: `"60000"` (milliseconds), `"10s"`, `"5m"`,
/// `"2h"`, `"1.5d"`, `"20 minutes"`, `"1w"`, `"1y"` (365.25 days); units case-insensitive.
enum TTL {
    private static let unitMilliseconds: [(names: [String], ms: Double)] = [
        (["ms", "msec", "msecs", "millisecond", "milliseconds"], 1),
        (["s", "sec", "secs", "second", "seconds"], 1000),
        (["m", "min", "mins", "minute", "minutes"], 60_000),
        (["h", "hr", "hrs", "hour", "hours"], 3_600_000),
        (["d", "day", "days"], 86_400_000),
        (["w", "week", "weeks"], 604_800_000),
        (["y", "yr", "yrs", "year", "years"], 31_557_600_000),
    ]

    /// Milliseconds, or nil when the text is not an `ms` duration.
    static func milliseconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let numberEnd = trimmed.firstIndex { !($0.isNumber || $0 == "." || $0 == "-") } ?? trimmed.endIndex
        guard let value = Double(trimmed[..<numberEnd]) else { return nil }
        let unit = trimmed[numberEnd...].trimmingCharacters(in: .whitespaces)
        if unit.isEmpty { return value }
        guard let factor = unitMilliseconds.first(where: { $0.names.contains(unit) })?.ms else { return nil }
        return value * factor
    }

    /// The expiry instant (seconds since 1970) for a ttl, 422 naming `ttl` when unparseable.
    /// A ttl of zero or less expires at once, as in hyper.
    static func expiry(_ text: String?, now: Date = Date()) throws(HyperFailure) -> Double? {
        guard let text, !text.isEmpty else { return nil }
        guard let ms = milliseconds(text) else {
            throw HyperFailure.invalidArgument("ttl", "Expected a duration such as '60000', '10s', '5m', '2h', '1d', received '\(text)'")
        }
        return now.timeIntervalSince1970 + max(ms, 1) / 1000
    }
}
