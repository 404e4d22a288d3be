import ArgumentParser

/// `--yes` for commands that destroy a whole service: scripts must say so explicitly.
struct Confirmation: ParsableArguments {
    @Flag(name: [.short, .long], help: "Confirm: this deletes the service and everything in it.")
    var yes = false

    func validate() throws {
        guard yes else { throw ValidationError("this deletes the whole service; add --yes to confirm") }
    }
}
