import ArgumentParser
import HyperClient
import HyperJSON
import HyperModel
import HyperSession

struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        _superCommandName: HyperVision.toolName,
        abstract: "Keys in the cache service: add, get, set, remove, query.",
        discussion: """
            Keys start with a lowercase letter (then a-z 0-9 - ~ _ / $ +). Values are JSON objects, \
            given as JSON, -f FILE ('-' for stdin) or items (field=text, field:=JSON). TTLs use \
            hyper's units: 30s, 5m, 2h, 1d, 1w, 1y, or milliseconds.

            Examples:
              hyper-vision cache add movie-1 title=Dune --ttl 2h
              hyper-vision cache get movie-1
              hyper-vision cache query 'movie*'
            """,
        subcommands: [Add.self, Get.self, Set.self, Remove.self, Query.self, CreateService<Self>.self, DestroyService<Self>.self])
}

extension CacheCommand: PlainCreatableService {
    static var api: KeyPath<HyperClient, CacheAPI> { \.cache }
    static let created = "cache store"
    static let createExampleDomain = "sessions"
    static let destroyed = "cache store and all its keys"
    static let destroyExampleDomain = "sessions"
}

/// The key and value arguments shared by `cache add` and `cache set`.
struct CacheEntryArguments: ParsableArguments {
    @Argument(help: "The key.") var key: String
    @OptionGroup var value: DocumentInput
    @Option(help: ArgumentHelp("Expire after this long (30s, 5m, 2h, 1d, or milliseconds).", valueName: "ttl"))
    var ttl: String?
}

extension CacheCommand {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            _superCommandName: CacheCommand.nameAsSuperCommand,
            abstract: "Add a key (POST /cache/DOMAIN); fails if the key exists.",
            discussion: """
                Examples:
                  hyper-vision cache add movie-1 '{"title":"Dune"}'
                  hyper-vision cache add session-42 user=ana --ttl 30m
                """)

        @OptionGroup var entry: CacheEntryArguments
        @OptionGroup var options: CLIOptions

        func run() async throws {
            let value = try entry.value.object("value")
            try await options.printWrite(.cacheAdd(key: entry.key, value: value, ttl: entry.ttl))
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            _superCommandName: CacheCommand.nameAsSuperCommand,
            abstract: "Print a key's value (GET /cache/DOMAIN/KEY).",
            usage: "hyper-vision cache get <key> [<options>]",
            discussion: """
                Examples:
                  hyper-vision cache get movie-1
                """)

        @Argument(help: "The key.") var key: String
        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printRead(.cacheValue(key: key))
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            _superCommandName: CacheCommand.nameAsSuperCommand,
            abstract: "Set a key, creating or replacing it (PUT /cache/DOMAIN/KEY?ttl=...).",
            discussion: """
                JSON or -f FILE is the whole value. Items alone change those fields of the \
                current value (read first; a new key gets just them) and keep the others.

                Examples:
                  hyper-vision cache set movie-1 title=Dune year:=1965
                  hyper-vision cache set movie-1 -f value.json --ttl 1d
                """)

        @OptionGroup var entry: CacheEntryArguments
        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printReplacement(.cache, id: entry.key, entry.value, ttl: entry.ttl)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            _superCommandName: CacheCommand.nameAsSuperCommand,
            abstract: "Delete a key (DELETE /cache/DOMAIN/KEY).",
            usage: "hyper-vision cache remove <key> [<options>]",
            discussion: """
                Examples:
                  hyper-vision cache remove movie-1
                """)

        @Argument(help: "The key.") var key: String
        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printWrite(.cacheRemove(key: key))
        }
    }

    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "query",
            _superCommandName: CacheCommand.nameAsSuperCommand,
            abstract: "List keys and values matching a glob (POST /cache/DOMAIN/_query?pattern=...).",
            usage: "hyper-vision cache query [<pattern>] [<options>]",
            discussion: """
                Quote the pattern so the shell does not expand it.

                Examples:
                  hyper-vision cache query
                  hyper-vision cache query 'movie-*'
                """)

        @Argument(help: "A glob over keys; * matches anything.") var pattern = "*"
        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printRead(.cacheQuery(pattern: pattern))
        }
    }
}
