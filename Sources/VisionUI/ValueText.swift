import HyperJSON

/// Short one-line forms of JSON values for list cells and previews.
public enum ValueText {
    public static func summary(_ value: JSON?) -> String {
        switch value {
        case nil: ""
        case .null?: "null"
        case .bool(let b)?: b ? "true" : "false"
        case .number(let n)?: n.text
        case .string(let s)?: s
        case .array(let a)?: "[\(a.count)]"
        case .object(let o)?: "{\(o.count)}"
        }
    }

    /// Compact JSON, cut early so a huge value never costs more than a screen line.
    public static func preview(_ value: JSON, limit: Int = 300) -> String {
        let text = value.compact
        return text.count > limit ? String(text.prefix(limit)) : text
    }

    /// Seconds since 1970 for an ISO 8601 date or date-time string (`2024-05-01`,
    /// `2024-05-01T10:20:30.5Z`, `...+02:00`), else nil. Hand-written: it runs for every string
    /// drawn in a tree, and Foundation's formatters are slow and not Sendable.
    public static func isoDate(_ text: String) -> Double? {
        let s = Array(text.utf8)
        guard s.count >= 10, s.count <= 35, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-") else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= s.count else { return nil }
            var value = 0
            for byte in s[from..<(from + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var seconds = Double(daysFromCivil(year, month, day)) * 86400
        var index = 10
        if index < s.count {
            guard s[index] == UInt8(ascii: "T") || s[index] == UInt8(ascii: " "),
                  let hour = number(11, 2), s.count > 13, s[13] == UInt8(ascii: ":"), let minute = number(14, 2) else { return nil }
            seconds += Double(hour * 3600 + minute * 60)
            index = 16
            if index < s.count, s[index] == UInt8(ascii: ":") {
                guard let second = number(17, 2) else { return nil }
                seconds += Double(second)
                index = 19
                if index < s.count, s[index] == UInt8(ascii: ".") {
                    index += 1
                    var scale = 0.1
                    while index < s.count, s[index] >= 48, s[index] <= 57 {
                        seconds += Double(s[index] - 48) * scale
                        scale /= 10
                        index += 1
                    }
                }
            }
            if index < s.count {
                if s[index] == UInt8(ascii: "Z") { index += 1 }
                else if s[index] == UInt8(ascii: "+") || s[index] == UInt8(ascii: "-") {
                    guard let offsetHour = number(index + 1, 2), let offsetMinute = number(index + 4, 2) else { return nil }
                    let offset = Double(offsetHour * 3600 + offsetMinute * 60)
                    seconds += s[index] == UInt8(ascii: "+") ? -offset : offset
                    index += 6
                }
            }
            guard index == s.count else { return nil }
        }
        return seconds
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let year = m <= 2 ? y - 1 : y
        let era = (year >= 0 ? year : year - 399) / 400
        let yoe = year - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
