// swift-tools-version:6.1
// Swift 6 language mode with full concurrency checking for every target.
import PackageDescription

let package = Package(
    name: "hyper-vision",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hyper-vision", targets: ["hyper-vision"]),
        // The embedded server, which `hyper-vision nano` and `demo` run: a program of its own so
        // that the CLI's commands do not carry its HTTP stack (Sources/hyper-vision/NanoProgram.swift).
        .executable(name: "hyper-vision-nano", targets: ["hyper-vision-nano"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already resolved through Hummingbird; named here for nano's connection guard, a NIO
        // channel handler in Hummingbird's pipeline.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // Already resolved through Hummingbird; named here so nano can trigger a graceful shutdown.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // C libraries from Debian's -dev packages, and the shims for their macros and variadics.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        // libcurl's headers only: the program does not link libcurl but loads it on first use
        // (CCurlShim), so commands that never go to the network do not load it.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // ncurses is loaded when the browser starts (CCursesShim.c says why); CNcursesw gives its headers only.
        .target(name: "CCursesShim", dependencies: ["CNcursesw"]),
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        // The CLI's network commands start loading libcurl before main (a constructor).
        .target(name: "CNetworkCommandStart", dependencies: ["CCurlShim"]),
        // The C library's wcwidth, for the views (no curses: only VisionTerminal calls ncurses).
        .target(name: "CDisplayWidth"),

        // Order-preserving JSON value, parser and printer: shared by client and server.
        .target(name: "HyperJSON", dependencies: [
            .product(name: "OrderedCollections", package: "swift-collections"),
        ]),
        // The hyper model shared by client, store, session and views: the service enum, the
        // reads and their wire form (one encoder for the request and its cache key), typed
        // answers and the one envelope rule.
        .target(name: "HyperModel", dependencies: ["HyperJSON"]),
        // The libcurl transport: one multi handle on its own thread, streamed bodies, bounded
        // answers, connection pools. Shared by the client and nano's queue deliveries (the only
        // networking nano shares with the client).
        .target(name: "HyperTransport", dependencies: ["CCurl", "CCurlShim", "HyperJSON"]),
        // Connection strings, JWT, one API per hyper service, over HyperTransport.
        .target(name: "HyperClient", dependencies: [
            "HyperJSON", "HyperModel", "HyperTransport",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Local SQLite state: page cache, write journal, drafts.
        .target(name: "HyperStore", dependencies: [
            "HyperJSON", "HyperModel",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Mango selectors, sort and projection: translated to SQLite SQL over json_extract,
        // with a Swift evaluator for what SQL cannot express.
        .target(name: "HyperQuery", dependencies: ["HyperJSON"]),
        // One deterministic random generator for demo data, bench corpora and generated tests.
        .target(name: "SeededRandom"),
        // One app as the browser sees it: pages from the local cache at once, refreshed from the
        // server (stale-while-revalidate), offline detection with backoff, journaled writes and undo.
        .target(name: "HyperSession", dependencies: ["HyperJSON", "HyperModel", "HyperClient", "HyperStore"]),
        // The options of `hyper-vision nano` and the server's limits, for both programs: the
        // server's, and the CLI's, which checks them, lists them in help and completions, and
        // passes them on without linking the server.
        .target(name: "NanoOptions", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // The embedded hyper-compatible server.
        .target(name: "HyperNano", dependencies: [
            "HyperJSON", "HyperQuery", "HyperTransport", "SeededRandom", "NanoOptions",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            // The current thread's event loop, whose reads share a snapshot (`LoopTurnReads`).
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            // HTTP/1's response parts and Hummingbird's codec to them: storage downloads are
            // written as file regions (sendfile) just below Hummingbird's response writer.
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Pure application logic of the browser: state, messages, update, command table.
        .target(name: "VisionCore", dependencies: ["HyperJSON", "HyperModel", "HyperClient", "HyperStore", "HyperSession", "CDisplayWidth"]),
        // Pure views: state -> cell buffer; widgets, themes, display width.
        .target(name: "VisionUI", dependencies: ["VisionCore", "HyperJSON", "HyperStore", "TOMLKit", "CDisplayWidth"]),
        // The browser's runtime: the loop over a small terminal protocol, the effect interpreter
        // (requests through the app's session), the clipboard and the external editor.
        .target(name: "VisionRuntime", dependencies: [
            "VisionCore", "VisionUI", "HyperJSON", "HyperModel", "HyperClient", "HyperStore", "HyperSession",
        ]),
        // The only code that calls ncurses: the runtime's terminal on a real screen.
        .target(name: "VisionTerminal", dependencies: ["VisionRuntime", "VisionUI", "CNcursesw", "CCursesShim"]),

        .executableTarget(name: "hyper-vision", dependencies: [
            "HyperJSON", "HyperClient", "HyperStore", "HyperSession", "NanoOptions",
            "VisionCore", "VisionUI", "VisionRuntime", "VisionTerminal", "TOMLKit", "CNetworkCommandStart",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "hyper-vision-nano", dependencies: [
            "HyperNano", "NanoOptions", "HyperJSON", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // `make bench`: measured ratios, never timed tests.
        .executableTarget(name: "hyper-vision-bench", dependencies: ["HyperJSON", "HyperModel", "HyperStore", "SeededRandom"]),

        // Helpers shared by the test targets (no product code depends on it).
        .target(name: "TestSupport", dependencies: ["HyperNano", "HyperJSON"], path: "Tests/TestSupport"),
        .testTarget(name: "HyperJSONTests", dependencies: ["HyperJSON"]),
        .testTarget(name: "HyperQueryTests", dependencies: [
            "HyperQuery", "SeededRandom", .product(name: "GRDB", package: "GRDB.swift"),
            // sqlite3_limit, to run selectors at their limits under SQLite's default build limits.
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .testTarget(name: "HyperClientTests", dependencies: [
            "HyperClient", "HyperModel", "HyperTransport", "HyperNano", "TestSupport",
            // the order libcurl's libraries are loaded in (LibraryOrderTests)
            "CCurlShim",
        ]),
        .testTarget(name: "HyperNanoTests", dependencies: [
            "HyperNano", "HyperClient", "HyperModel", "HyperQuery", "TestSupport",
            // GRDB to check the SQLite file nano writes (indexes, durability); Hummingbird for
            // the queue-worker test doubles that record what nano delivers.
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Crypto", package: "swift-crypto"),
            // Channels without sockets, for the connection registry's marks and evictions.
            .product(name: "NIOEmbedded", package: "swift-nio"),
            // A real event loop whose turns share a read snapshot (LoopTurnReadsTests).
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "HyperStoreTests", dependencies: [
            // GRDB to look at the rows a page cache keeps (the same answer stored again keeps them).
            "HyperStore", "HyperModel", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "HyperSessionTests", dependencies: [
            "HyperSession", "HyperStore", "HyperModel", "HyperNano", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "VisionTests", dependencies: [
            "VisionCore", "VisionUI", "VisionRuntime", "VisionTerminal", "HyperModel", "HyperStore", "HyperSession",
        ], exclude: ["Snapshots"]),
        // The headless browser driver: the runtime on an in-memory terminal against nano.
        .target(name: "BrowserDriver", dependencies: [
            "VisionRuntime", "VisionCore", "VisionUI", "HyperClient", "HyperStore", "HyperSession", "HyperNano", "TestSupport",
        ], path: "Tests/BrowserDriver"),
        // The browser driven like a user, one test per behaviour.
        .testTarget(name: "BrowserTests", dependencies: [
            "BrowserDriver", "VisionRuntime", "VisionCore", "VisionUI", "HyperClient", "HyperModel", "HyperJSON", "HyperStore",
            "TestSupport",
        ]),
        // Runs the built binary: CLI against nano, and the TUI in tmux.
        .testTarget(name: "EndToEndTests", dependencies: ["hyper-vision", "hyper-vision-nano", "HyperClient", "HyperModel", "HyperNano", "TestSupport"]),
    ]
)

// `make fuzz`: libFuzzer targets (README.md, Fuzzing). Declared only when HYPER_FUZZ is set, because
// they build with `-sanitize=fuzzer,address` in their own scratch path (.build-fuzz): the normal
// build and tests never see them.
if Context.environment["HYPER_FUZZ"] != nil {
    package.targets += [
        .target(name: "FuzzSupport", path: "Fuzz/Support"),
        .executableTarget(name: "fuzz-json", dependencies: ["HyperJSON", "FuzzSupport"], path: "Fuzz/Targets/json"),
        .executableTarget(name: "fuzz-items", dependencies: ["HyperJSON", "FuzzSupport"], path: "Fuzz/Targets/items"),
        .executableTarget(name: "fuzz-connection", dependencies: ["HyperClient", "FuzzSupport"], path: "Fuzz/Targets/connection"),
        .executableTarget(name: "fuzz-mango", dependencies: [
            "HyperQuery", "HyperJSON", "FuzzSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Fuzz/Targets/mango"),
        // Both use internals of their module (`@testable`: the fuzz build is a debug build).
        .executableTarget(name: "fuzz-regex", dependencies: ["HyperQuery", "FuzzSupport"], path: "Fuzz/Targets/regex"),
        .executableTarget(name: "fuzz-multipart", dependencies: [
            "HyperNano", "FuzzSupport", .product(name: "Hummingbird", package: "hummingbird"),
        ], path: "Fuzz/Targets/multipart"),
    ]
}
