import ArgumentParser
import HyperClient
import HyperJSON
import HyperModel
import HyperSession

struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        _superCommandName: HyperVision.toolName,
        abstract: "Documents in the data service: add, get, list, update, remove, query, index, bulk.",
        discussion: """
            Documents are JSON objects with an `_id`. They come from a JSON argument, from a file \
            (-f FILE, '-' for stdin), or from items: field=text, field:=JSON, nested.field=text.

            Examples:
              hyper-vision data add _id=movie-1 title=Dune year:=1965
              hyper-vision data get movie-1
              hyper-vision data query '{"year":{"$gt":1960}}' \\
                --sort -year --limit 10
            """,
        subcommands: [
            Add.self, Get.self, List.self, Update.self, Remove.self, Query.self,
            Index.self, Bulk.self, CreateService<Self>.self, DestroyService<Self>.self,
        ])
}

extension DataCommand: PlainCreatableService {
    static var api: KeyPath<HyperClient, DataAPI> { \.data }
    static let created = "data service"
    static let createExampleDomain = "movies"
    static let destroyed = "data service and all its documents"
    static let destroyWarning: String? = "There is no undo. --yes is required so that a stray command cannot wipe a database."
    static let destroyExampleDomain = "scratch"
}

extension DataCommand {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            _superCommandName: DataCommand.nameAsSuperCommand,
            abstract: "Create a document (POST /data/DOMAIN); without `_id` one is made (a random UUID).",
            discussion: """
                Examples:
                  hyper-vision data add \\
                    '{"_id":"movie-1","title":"Dune","year":1965}'
                  hyper-vision data add _id=movie-2 title=Arrival \\
                    year:=2016 tags:='["sf"]'
                  hyper-vision data add -f movie.json
                  cat movie.json | hyper-vision data add -f - year:=1966
                """)

        @OptionGroup var document: DocumentInput
        @OptionGroup var options: CLIOptions

        func run() async throws {
            // The id is made here rather than by the server, as the browser's `a` does, so the
            // journal can name the document before it is sent and undo can remove it.
            let doc = DocumentTemplates.withID(try document.object("document"))
            try await options.printWrite(.dataAdd(doc))
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            _superCommandName: DataCommand.nameAsSuperCommand,
            abstract: "Print one document (GET /data/DOMAIN/ID).",
            usage: "hyper-vision data get <id> [<options>]",
            discussion: """
                Prints the document itself. A missing id exits 1 with hyper's message on stderr.

                Examples:
                  hyper-vision data get movie-1
                  hyper-vision data get movie-1 | jq .title
                """)

        @Argument(help: "The document's _id.") var id: String
        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printRead(.dataDocument(id: id))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            _superCommandName: DataCommand.nameAsSuperCommand,
            abstract: "List documents by _id range or keys (GET /data/DOMAIN?startkey&endkey&limit&keys&descending).",
            discussion: """
                Ranges are inclusive and compare _id as text. Without --limit the server returns \
                everything in range (nano: all of it), so give a limit on big databases.

                Examples:
                  hyper-vision data list --limit 10
                  hyper-vision data list --startkey movie-0001 \\
                    --endkey movie-0099
                  hyper-vision data list --keys movie-1,movie-2
                  hyper-vision data list --descending --limit 1
                """)

        @Option(help: "The first _id to return (inclusive).") var startkey: String?
        @Option(help: "The last _id to return (inclusive).") var endkey: String?
        @Option(help: "Return at most this many documents.") var limit: Int?
        @Option(help: ArgumentHelp("Only these ids, comma-separated.", valueName: "id,id,...")) var keys: String?
        @Flag(help: "Newest _id first.") var descending = false
        @OptionGroup var options: CLIOptions

        func validate() throws {
            try ValidationError.requireNotNegative(limit, "--limit")
        }

        func run() async throws {
            let list = ListOptions(startkey: startkey, endkey: endkey, limit: limit,
                                   keys: keys.map(CommaList.split), descending: descending)
            try await options.printRead(.dataList(list))
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            _superCommandName: DataCommand.nameAsSuperCommand,
            abstract: "Replace a document (PUT /data/DOMAIN/ID).",
            discussion: """
                JSON or -f FILE replaces the whole document. Items alone change those fields of \
                the current document (read first) and keep the others.

                Examples:
                  hyper-vision data update movie-1 year:=1966
                  hyper-vision data update movie-1 \\
                    '{"_id":"movie-1","year":1966}'
                """)

        @Argument(help: "The document's _id.") var id: String
        @OptionGroup var document: DocumentInput
        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printReplacement(.data, id: id, document)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            _superCommandName: DataCommand.nameAsSuperCommand,
            abstract: "Delete a document (DELETE /data/DOMAIN/ID).",
            usage: "hyper-vision data remove <id> [<options>]",
            discussion: """
                Examples:
                  hyper-vision data remove movie-1
                """)

        @Argument(help: "The document's _id.") var id: String
        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printWrite(.dataDelete(id: id))
        }
    }

    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "query",
            _superCommandName: DataCommand.nameAsSuperCommand,
            abstract: "Find documents with a query (POST /data/DOMAIN/_query).",
            discussion: """
                The query is the browser's (/ in the data pane, :query): each argument is a term, \
                or one argument is JSON (a selector, or a full Mango body with selector, sort, \
                fields, limit, skip). -f FILE reads the JSON from a file ('-' for stdin). Without a \
                selector every document matches; hyper's default limit is 25. --sort, --fields, \
                --limit, --skip and --use-index win over the query's own.

                Query terms:
                \(grammarHelp)

                Examples:
                  hyper-vision data query type=movie 'year>1984' \\
                    'title~^Back' --limit 5
                  hyper-vision data query type=movie sort=-year \\
                    fields=_id,title
                  hyper-vision data query 'year:={"$in":[1984,1985]}' \\
                    --sort genre,-year
                  hyper-vision data query \\
                    '{"selector":{"genre":{"$in":["sf","war"]}},"skip":5}'
                """)

        @Argument(help: ArgumentHelp("Terms (field=value, field>value, sort=..., fields=...) or one JSON query.",
                                     valueName: "query"))
        var terms: [String] = []
        @Option(name: .customShort("f"), help: ArgumentHelp("Read the JSON query from FILE ('-' for stdin).", valueName: "FILE"))
        var file: String?
        @Option(help: ArgumentHelp("The Mango selector as JSON.", valueName: "json")) var selector: String?
        @Option(help: ArgumentHelp("Only return these fields, comma-separated.", valueName: "a,b,...")) var fields: String?
        // Unconditional so that `--sort -year` works: the value may start with a dash.
        @Option(parsing: .unconditional, help: ArgumentHelp("Sort: JSON, or fields with - (or :desc) for descending.",
                                                            valueName: "json-or-a,-b"))
        var sort: String?
        @Option(help: "Return at most this many documents.") var limit: Int?
        @Option(help: "Skip this many documents first.") var skip: Int?
        @Option(help: ArgumentHelp("Ask the server to use this index.", valueName: "name")) var useIndex: String?
        @OptionGroup var options: CLIOptions

        func validate() throws {
            if [selector != nil, file != nil, !terms.isEmpty].filter({ $0 }).count > 1 {
                throw ValidationError("give the query once: as arguments, with -f, or with --selector")
            }
            try ValidationError.requireNotNegative(limit, "--limit")
            try ValidationError.requireNotNegative(skip, "--skip")
        }

        func run() async throws {
            var query = try parsedQuery()
            if let fields { query.fields = CommaList.split(fields) }
            if let sort { query.sort = try Self.language { () throws(QueryLanguage.Failure) in try QueryLanguage.sort(sort) } }
            if let limit { query.limit = limit }
            if let skip { query.skip = skip }
            if let useIndex { query.useIndex = useIndex }
            // Nothing to select: the server's default (every document).
            if query.selector == .object([:]) { query.selector = nil }
            for note in Self.termsHeldInOneArgument(terms) { StandardStreams.writeError(note) }
            try await options.printRead(.dataQuery(query))
        }

        /// An argument the browser's query line would read as several terms (the whole line
        /// quoted: `'type=movie year>2020'`) is one term here, whose value holds the rest, and
        /// usually matches nothing: a note on stderr says so and how to give the terms. An
        /// argument whose words are not all terms (`'title=Back to the Future'`) is meant whole.
        private static func termsHeldInOneArgument(_ terms: [String]) -> [String] {
            terms.compactMap { term in
                let words = term.split(separator: " ").map(String.init)
                guard words.count > 1, words.allSatisfy({ (try? QueryLanguage.parse(terms: [$0])) != nil }) else { return nil }
                let separate = words.map(Self.shellWord).joined(separator: " ")
                return "note: '\(term)' is one term (all after its first operator is the value); "
                    + "give each term its own argument: \(separate)"
            }
        }

        /// `word` as a POSIX shell reads it back: as it is when every character is plain,
        /// else in single quotes (a quote inside written `'\''`).
        private static func shellWord(_ word: String) -> String {
            let plain = word.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "_=,.:/@%+-".unicodeScalars.contains($0)) }
            return plain ? word : "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
        }

        private func parsedQuery() throws -> DataQuery {
            if let file {
                let text = String(decoding: try DocumentInput.read(file), as: UTF8.self)
                return try Self.language { () throws(QueryLanguage.Failure) in try QueryLanguage.parse(text) }
            }
            if let selector {
                let value = try DocumentInput.parse(Array(selector.utf8), source: "--selector", what: "selector")
                return DataQuery(selector: try DocumentInput.requireObject(value, "selector"))
            }
            return try Self.language { () throws(QueryLanguage.Failure) in try QueryLanguage.parse(terms: terms) }
        }

        /// The query grammar as `--help` shows it: each rule's syntax on a line of its own and its
        /// meaning indented below, wrapped short. ArgumentParser wraps the discussion at the
        /// terminal's width and indents nothing it wraps, so a rule longer than the line would
        /// go on at column 0; lines of at most 58 columns stay whole at 60 columns and wider.
        /// ArgumentParser builds this for every command line (it reads each subcommand's
        /// configuration to find the one named), so it is built in one pass over the bytes: the
        /// generic string search and `+=` of a Substring (which appends Character by Character)
        /// took 0.7 M instructions of every command's start.
        private static var grammarHelp: String {
            var help = ""
            for rule in QueryLanguage.grammar {
                if !help.isEmpty { help += "\n" }
                help += "  "
                guard let gap = firstRunOfThreeSpaces(in: rule) else {
                    help += rule
                    continue
                }
                help.append(contentsOf: rule[..<gap])
                var width = Int.max  // the meaning starts on a line of its own
                for word in rule.utf8[rule.utf8.index(gap, offsetBy: 3)...].split(separator: UInt8(ascii: " ")) {
                    if width <= 58 - 1 - word.count {
                        help += " "
                        width += 1 + word.count
                    } else {
                        help += "\n      "
                        width = 6 + word.count
                    }
                    help.append(contentsOf: Substring(word))
                }
            }
            return help
        }

        /// Where a grammar rule's syntax ends: the first of three spaces in a row.
        private static func firstRunOfThreeSpaces(in rule: String) -> String.Index? {
            var run = 0
            for index in rule.utf8.indices {
                run = rule.utf8[index] == UInt8(ascii: " ") ? run + 1 : 0
                if run == 3 { return rule.utf8.index(index, offsetBy: -2) }
            }
            return nil
        }

        /// A query the language refuses is a usage error (exit 2), saying what is wrong.
        private static func language<T>(_ body: () throws(QueryLanguage.Failure) -> T) throws(CLIFailure) -> T {
            do { return try body() } catch { throw .usage("invalid query: \(error.message)") }
        }
    }

    struct Index: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "index",
            _superCommandName: DataCommand.nameAsSuperCommand,
            abstract: "Create an index (POST /data/DOMAIN/_index).",
            discussion: """
                --fields is a comma list or JSON (["type","year"] or [{"year":"DESC"}]).

                Examples:
                  hyper-vision data index idx-type-year --fields type,year
                  hyper-vision data index idx-year \\
                    --fields '[{"year":"DESC"}]'
                  hyper-vision data index idx-m --fields year \\
                    --partial-filter '{"type":"m"}'
                """)

        @Argument(help: "The index name.") var name: String
        @Option(help: ArgumentHelp("The indexed fields: a,b or JSON.", valueName: "a,b-or-json")) var fields: String
        @Option(help: ArgumentHelp("Only index documents matching this selector (JSON).", valueName: "json"))
        var partialFilter: String?
        @OptionGroup var options: CLIOptions

        func run() async throws {
            let fieldsJSON: JSON
            if fields.first(where: { !$0.isWhitespace }) == "[" {
                fieldsJSON = try DocumentInput.parse(Array(fields.utf8), source: "--fields", what: "fields")
            } else {
                fieldsJSON = .array(CommaList.split(fields).map(JSON.string))
            }
            let filter = try partialFilter.map { text throws(CLIFailure) in
                try DocumentInput.parse(Array(text.utf8), source: "--partial-filter", what: "partial filter")
            }
            try await options.printAnswer(writes: true) { client in
                try await client.data.index(name: name, fields: fieldsJSON, partialFilter: filter)
            }
        }
    }

    struct Bulk: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bulk",
            _superCommandName: DataCommand.nameAsSuperCommand,
            abstract: "Write many documents at once (POST /data/DOMAIN/_bulk).",
            discussion: """
                The input is a JSON array of documents, each with an `_id`. Existing ids are replaced; \
                {"_id":"x","_deleted":true} deletes x.

                Examples:
                  hyper-vision data bulk -f movies.json
                  hyper-vision data bulk \\
                    '[{"_id":"a","n":1},{"_id":"b","_deleted":true}]'
                """)

        @OptionGroup var documents: DocumentInput
        @OptionGroup var options: CLIOptions

        func run() async throws {
            let docs = try documents.array("documents")
            try await options.printAnswer(writes: true) { client in try await client.data.bulk(docs) }
        }
    }
}
