import ArgumentParser
import HyperClient
import HyperJSON
import HyperModel
import HyperSession

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        _superCommandName: HyperVision.toolName,
        abstract: "The full-text search index: add, get, update, remove, query, load.",
        discussion: """
            Examples:
              hyper-vision search create --fields title,body \\
                --store-fields title,type
              hyper-vision search add movie-1 title=Dune type=movie \\
                body='Spice and sand'
              hyper-vision search query dune --fields title \\
                --filter '{"type":"movie"}'
            """,
        subcommands: [Add.self, Get.self, Update.self, Remove.self, Query.self, Load.self, Create.self, DestroyService<Self>.self])
}

extension SearchCommand: DestroyableService {
    static var api: KeyPath<HyperClient, SearchAPI> { \.search }
    static let destroyed = "search index"
    static let destroyExampleDomain = "scratch"
}

extension SearchCommand {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            _superCommandName: SearchCommand.nameAsSuperCommand,
            abstract: "Index a document under a key (POST /search/DOMAIN {key, doc}).",
            discussion: """
                Examples:
                  hyper-vision search add movie-1 \\
                    '{"title":"Dune","type":"movie"}'
                  hyper-vision search add movie-2 title=Arrival type=movie
                """)

        @Argument(help: "The key.") var key: String
        @OptionGroup var document: DocumentInput
        @OptionGroup var options: CLIOptions

        func run() async throws {
            let doc = try document.object("document")
            try await options.printWrite(.searchAdd(key: key, document: doc))
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            _superCommandName: SearchCommand.nameAsSuperCommand,
            abstract: "Print an indexed document (GET /search/DOMAIN/KEY).",
            usage: "hyper-vision search get <key> [<options>]",
            discussion: """
                Prints hyper's answer {ok, key, doc}.

                Examples:
                  hyper-vision search get movie-1
                """)

        @Argument(help: "The key.") var key: String
        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printRead(.searchDocument(key: key))
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            _superCommandName: SearchCommand.nameAsSuperCommand,
            abstract: "Replace an indexed document (PUT /search/DOMAIN/KEY).",
            discussion: """
                JSON or -f FILE replaces the whole document. Items alone change those fields of \
                the current document (read first) and keep the others.

                Examples:
                  hyper-vision search update movie-1 title=Dune \\
                    type=movie year:=1965
                """)

        @Argument(help: "The key.") var key: String
        @OptionGroup var document: DocumentInput
        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printReplacement(.search, id: key, document)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            _superCommandName: SearchCommand.nameAsSuperCommand,
            abstract: "Remove a document from the index (DELETE /search/DOMAIN/KEY).",
            usage: "hyper-vision search remove <key> [<options>]",
            discussion: """
                Examples:
                  hyper-vision search remove movie-1
                """)

        @Argument(help: "The key.") var key: String
        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printWrite(.searchRemove(key: key))
        }
    }

    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "query",
            _superCommandName: SearchCommand.nameAsSuperCommand,
            abstract: "Full-text query (POST /search/DOMAIN/_query {query, fields?, filter?}).",
            discussion: """
                --limit keeps the best N matches: nano finds only those (its search-limit \
                extension); from a hyper server, which has no limit, every match comes and the \
                first N are kept.

                Examples:
                  hyper-vision search query dune
                  hyper-vision search query 'sand worm' \\
                    --fields title,body --limit 5
                  hyper-vision search query dune \\
                    --filter '{"type":"movie"}'
                """)

        @Argument(help: "The text to search for.") var text: String
        @Option(help: ArgumentHelp("Search only these fields, comma-separated.", valueName: "a,b,..."))
        var fields: String?
        @Option(help: ArgumentHelp("Only matches whose stored fields equal these values (JSON object).", valueName: "json"))
        var filter: String?
        @Option(help: "Print at most this many matches.") var limit: Int?
        @OptionGroup var options: CLIOptions

        func validate() throws {
            try ValidationError.requireNotNegative(limit, "--limit")
        }

        func run() async throws {
            let filterJSON = try filter.map { text throws(CLIFailure) in
                try DocumentInput.parse(Array(text.utf8), source: "--filter", what: "filter")
            }
            let fieldList = fields.map(CommaList.split)
            try await options.printRead(.searchQuery(text: text, fields: fieldList, filter: filterJSON, limit: limit))
        }
    }

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "load",
            _superCommandName: SearchCommand.nameAsSuperCommand,
            abstract: "Index many documents at once (POST /search/DOMAIN/_bulk).",
            discussion: """
                The input is a JSON array of documents, each with an `_id` (or `id`).

                Examples:
                  hyper-vision search load -f movies.json
                  hyper-vision data query type=movie --limit 1000 |
                    jq .docs |
                    hyper-vision search load -f -
                """)

        @OptionGroup var documents: DocumentInput
        @OptionGroup var options: CLIOptions

        func run() async throws {
            let docs = try documents.array("documents")
            try await options.printAnswer(writes: true) { client in try await client.search.load(docs) }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            _superCommandName: SearchCommand.nameAsSuperCommand,
            abstract: "Create the search index for the domain (PUT /search/DOMAIN {fields, storeFields}).",
            discussion: """
                Examples:
                  hyper-vision search create --fields title,body \\
                    --store-fields title,type
                """)

        @Option(help: ArgumentHelp("The fields to index, comma-separated.", valueName: "a,b,...")) var fields: String
        @Option(help: ArgumentHelp("The fields returned with each match, comma-separated.", valueName: "a,b,..."))
        var storeFields: String?
        @OptionGroup var options: CLIOptions

        func validate() throws {
            if CommaList.split(fields).isEmpty { throw ValidationError("--fields needs at least one field name") }
        }

        func run() async throws {
            try await options.printAnswer(writes: true) { client in
                try await client.search.create(fields: CommaList.split(fields), storeFields: storeFields.map(CommaList.split))
            }
        }
    }
}
