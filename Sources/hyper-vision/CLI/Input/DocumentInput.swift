import ArgumentParser
import Foundation
import HyperJSON

/// Where a command's JSON input comes from: one JSON argument, `-f FILE` (`-` for stdin), or
/// items (`title=Dune year:=1965`). Items are applied on top of a JSON argument or file, so
/// `-f movie.json year:=1966` edits one field of a file's document.
struct DocumentInput: ParsableArguments {
    @Option(name: .customShort("f"), help: ArgumentHelp(
        "Read the JSON input from FILE ('-' for stdin).", valueName: "FILE"), completion: .file())
    var file: String?

    @Argument(help: ArgumentHelp(
        "JSON, or items: field=text, field:=JSON, nested.field=text.", valueName: "json-or-items"))
    var input: [String] = []

    /// Whether anything was given.
    var isEmpty: Bool { file == nil && input.isEmpty }

    /// The input as one JSON value. `what` names it in messages ("document", "selector").
    func json(_ what: String) throws(CLIFailure) -> JSON {
        var base: JSON?
        var items = input
        if let file {
            base = try Self.parse(try Self.read(file), source: file == "-" ? "stdin" : file, what: what)
        } else if let first = input.first, Self.isJSONArgument(first) {
            base = try Self.parseArgument(first, what: what)
            items.removeFirst()
        }
        guard !items.isEmpty else {
            guard let base else {
                throw .usage("no \(what) given: pass JSON, -f FILE ('-' for stdin), or items like title=Dune year:=1965")
            }
            return base
        }
        switch base {
        case nil: return .object(try Self.apply(items, to: [:]))
        case .object(let object)?: return .object(try Self.apply(items, to: object))
        case let other?:
            throw .usage("items like \(items[0]) can only add fields to an object, but the \(what) is \(other.typeWithArticle)")
        }
    }

    /// The document a replacing write sends (`data update`, `search update`, `cache set`): the
    /// one given whole (JSON or `-f`, items on top), or, when only items are given, `current()`
    /// (the server's document, fetched only then; nil: there is none yet) with the items on top,
    /// so that `update ID year:=1966` changes that field rather than dropping all the others.
    func replacement(_ what: String, current: () async throws -> JSON?) async throws -> JSON {
        let itemsAlone = file == nil && !(input.first.map(Self.isJSONArgument) ?? true)
        guard itemsAlone else { return try object(what) }
        let fetched = try await current() ?? .object([:])
        guard case .object(let fields) = fetched else { throw CLIFailure.usage("the current \(what) is \(fetched.typeWithArticle), not an object") }
        return .object(try Self.apply(input, to: fields))
    }

    /// Items on top of `base`; a refused item is a usage error (exit 2).
    private static func apply(_ items: [String], to base: JSONObject) throws(CLIFailure) -> JSONObject {
        do {
            return try DocumentItems.apply(items, to: base)
        } catch {
            throw .usage(error.message)
        }
    }

    /// The input as a JSON object (documents, cache values, selectors).
    func object(_ what: String) throws(CLIFailure) -> JSON {
        try Self.requireObject(try json(what), what)
    }

    static func requireObject(_ value: JSON, _ what: String) throws(CLIFailure) -> JSON {
        guard case .object = value else { throw .usage("the \(what) must be a JSON object, not \(value.typeWithArticle)") }
        return value
    }

    /// The input as a JSON array (bulk and load).
    func array(_ what: String) throws(CLIFailure) -> [JSON] {
        let value = try json(what)
        guard case .array(let elements) = value else {
            throw .usage("the \(what) must be a JSON array, not \(value.typeWithArticle)")
        }
        return elements
    }

    /// A JSON document starts with `{` or `[` (which no field name does); an argument with `=`
    /// is an item; anything else goes to the JSON parser, so `42` or `"text"` still parse.
    private static func isJSONArgument(_ argument: String) -> Bool {
        let start = argument.first(where: { !$0.isWhitespace })
        return start == "{" || start == "[" || !argument.contains("=")
    }

    static func parse(_ bytes: [UInt8], source: String, what: String) throws(CLIFailure) -> JSON {
        do {
            return try JSON.parse(bytes)
        } catch {
            throw .usage("invalid JSON in the \(what) (\(source)): \(error)")
        }
    }

    private static func parseArgument(_ argument: String, what: String) throws(CLIFailure) -> JSON {
        guard let start = argument.first(where: { !$0.isWhitespace }), "{[\"-0123456789tfn".contains(start) else {
            throw .usage("'\(argument)' is neither JSON nor an item: give the \(what) as JSON, or items like title=Dune year:=1965")
        }
        return try parse(Array(argument.utf8), source: "argument", what: what)
    }

    static func read(_ file: String) throws(CLIFailure) -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .usage("cannot read \(file): no such file or not readable")
        }
        return Array(data)
    }
}

