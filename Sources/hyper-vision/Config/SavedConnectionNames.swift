/// The saved connections' names, for shell completion of `-c`. Completion must never fail
/// loudly inside the user's shell, so a missing or broken config.toml completes nothing.
enum SavedConnectionNames {
    static func all() -> [String] {
        ((try? AppConfig.load(paths: .current))?.connections ?? []).map(\.name)
    }
}
