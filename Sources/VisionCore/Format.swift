/// Human-readable sizes and durations, shared by the detail facts, progress bar and status line.
public enum Format {
    public static func bytes(_ value: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var amount = Double(value)
        var unit = 0
        while amount >= 1024 && unit < units.count - 1 { amount /= 1024; unit += 1 }
        return unit == 0 ? "\(value) B" : oneDecimal(amount) + " " + units[unit]
    }

    public static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return oneDecimal(seconds) + "s" }
        let whole = Int(seconds)
        if whole < 3600 { return "\(whole / 60)m\(whole % 60)s" }
        return "\(whole / 3600)h\((whole % 3600) / 60)m"
    }

    /// "3 days ago", "in 2 hours", for a date relative to now.
    public static func relative(_ seconds: Double) -> String {
        let magnitude = abs(seconds)
        let (amount, unit): (Int, String) = switch magnitude {
        case ..<60: (Int(magnitude), "second")
        case ..<3600: (Int(magnitude / 60), "minute")
        case ..<86400: (Int(magnitude / 3600), "hour")
        case ..<(86400 * 30): (Int(magnitude / 86400), "day")
        case ..<(86400 * 365): (Int(magnitude / (86400 * 30)), "month")
        default: (Int(magnitude / (86400 * 365)), "year")
        }
        let phrase = "\(amount) \(unit)\(amount == 1 ? "" : "s")"
        if magnitude < 1 { return "now" }
        return seconds >= 0 ? "\(phrase) ago" : "in \(phrase)"
    }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
