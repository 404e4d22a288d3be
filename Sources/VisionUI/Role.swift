/// What a cell is, not how it looks: views tag cells with a role and the theme decides colours
/// and attributes, so themes switch live and snapshots stay colour-free.
public enum Role: String, CaseIterable, Sendable, Hashable {
    case normal, dim, title, tab, tabActive, separator, header
    case cursor, cursorInactive, marked
    case key, string, number, boolean, null, punctuation, date
    case status, busy, prompt, message, error, helpKey
    case progress, progressEmpty, highlight, online, offline
}

/// One screen cell. A wide character occupies its cell plus a continuation cell (`width` 0).
public struct Cell: Equatable, Sendable {
    /// A base character and any zero-width marks that ride on it.
    public var text: String
    public var width: UInt8
    public var role: Role

    public static let blank = Cell(text: " ", width: 1, role: .normal)
    static func continuation(_ role: Role) -> Cell { Cell(text: "", width: 0, role: role) }
}
