/// The five panes, one per hyper service, in tab order (`1`..`5`); what each one is and does is
/// its `PaneModel` (`model`).
public enum Pane: Int, CaseIterable, Sendable, Hashable {
    case data = 1, cache, search, storage, queue
}

/// Which half of the body has the keyboard.
public enum Focus: Sendable, Hashable {
    case list, detail
}
