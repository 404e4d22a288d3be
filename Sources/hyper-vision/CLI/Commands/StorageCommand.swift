import ArgumentParser
import Foundation
import Glibc
import HyperClient
import HyperJSON
import HyperModel
import HyperSession

struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        _superCommandName: HyperVision.toolName,
        abstract: "Objects in the storage bucket: upload, download, remove, list.",
        discussion: """
            Object names are paths inside the domain's bucket (folders are made on upload). \
            Transfers stream from and to files; nothing is held whole in memory.

            Examples:
              hyper-vision storage upload photos/cat.png ./cat.png
              hyper-vision storage download photos/cat.png -o copy.png
              hyper-vision storage list --prefix photos/
            """,
        subcommands: [Upload.self, Download.self, Remove.self, List.self, CreateService<Self>.self, DestroyService<Self>.self])
}

extension StorageCommand: PlainCreatableService {
    static var api: KeyPath<HyperClient, StorageAPI> { \.storage }
    static let created = "bucket"
    static let createExampleDomain = "photos"
    static let destroyed = "bucket"
    static let destroyExampleDomain = "photos"
}

extension StorageCommand {
    struct Upload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "upload",
            _superCommandName: StorageCommand.nameAsSuperCommand,
            abstract: "Upload a file as an object (POST /storage/DOMAIN/NAME, raw body).",
            discussion: """
                FILE '-' reads stdin (spooled to a private temporary file first, since the upload \
                needs its size).

                Examples:
                  hyper-vision storage upload notes/today.txt ./today.txt
                  hyper-vision storage upload data.csv ./data.csv \\
                    --content-type text/csv
                  curl -s https://example.com/a.png |
                    hyper-vision storage upload a.png -
                """)

        @Argument(help: "The object's name (a path inside the bucket).") var name: String
        @Argument(help: ArgumentHelp("The file to upload ('-' for stdin).", valueName: "file"), completion: .file())
        var file: String
        @Option(help: ArgumentHelp("The Content-Type to send (default: guessed by the server).", valueName: "type"))
        var contentType: String?
        @OptionGroup var options: CLIOptions

        func run() async throws {
            if file != "-" { try Self.checkReadable(file, name: name) }
            let meter = ProgressMeter.forTransfer("upload \(name)", bytesToStdout: false)
            defer { meter?.finish() }
            // A bad or read-only connection fails before stdin is read.
            let answer = try await options.withSession(writes: true, finishing: meter) { session in
                guard file == "-" else { return try await upload(from: file, session, meter) }
                let spool = try TemporaryFile()
                defer { spool.remove() }
                try spool.fill(from: STDIN_FILENO)
                return try await upload(from: spool.path, session, meter)
            }
            options.output.print(answer)
        }

        private func upload(from path: String, _ session: AppSession, _ meter: ProgressMeter?) async throws -> JSON {
            try await CLIOptions.write(.storageUpload(name: name, path: path, contentType: contentType), session, meter: meter)
        }

        /// A wrong path is the user's mistake (exit 2), not a transfer failure. When the file is
        /// missing but the name is a file here, the two were given the other way round (the
        /// object's name comes first): the message shows the command they meant.
        private static func checkReadable(_ file: String, name: String) throws(CLIFailure) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
                var nameIsDirectory: ObjCBool = false
                let swapped = FileManager.default.fileExists(atPath: name, isDirectory: &nameIsDirectory) && !nameIsDirectory.boolValue
                throw .usage("cannot upload \(file): no such file"
                             + (swapped ? " (the object's name comes first, then the file: storage upload \(file) \(name))" : ""))
            }
            guard !isDirectory.boolValue else { throw .usage("cannot upload \(file): it is a directory") }
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw .usage("cannot upload \(file): not readable")
            }
        }
    }

    struct Download: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "download",
            _superCommandName: StorageCommand.nameAsSuperCommand,
            abstract: "Download an object (GET /storage/DOMAIN/NAME) to a file or stdout.",
            discussion: """
                Without -o (or with -o -) the bytes go to stdout. With -o FILE a JSON summary \
                (name, file, bytes, contentType) is printed instead. A download that fails \
                leaves no partial file behind.

                Examples:
                  hyper-vision storage download notes/today.txt
                  hyper-vision storage download photos/cat.png -o cat.png
                  hyper-vision storage download data.csv -o - | wc -l
                """)

        @Argument(help: "The object's name.") var name: String
        @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of stdout ('-' for stdout).", valueName: "file"),
                completion: .file())
        var output: String?
        @OptionGroup var options: CLIOptions

        func run() async throws {
            if options.offline { throw CLIOptions.offlineFailure }
            try await options.withSession(writes: false) { session in try await download(session.client) }
        }

        private func download(_ client: HyperClient) async throws {
            guard let output, output != "-" else { return try await downloadToStdout(client) }
            let meter = ProgressMeter.forTransfer("download \(name)", bytesToStdout: false)
            defer { meter?.finish() }
            let result = try await client.storage.download(name: name, toFile: output, progress: meter?.handler)
            meter?.finish()
            var summary: JSONObject = ["ok": true, "name": .string(name), "file": .string(output),
                                       "bytes": .number(JSONNumber(text: String(result.bytes)))]
            summary["contentType"] = result.contentType.map(JSON.string) ?? .null
            options.output.print(.object(summary))
        }

        /// Pipes and terminals take the bytes straight on our descriptor (not by reopening
        /// /dev/stdout, which a container may lack: opened to create, it would become a plain
        /// file). A regular file may hold earlier output, or be open for appending, and a failed
        /// download must not leave part of the object after it, so then the object goes through
        /// a private temporary file copied onto our descriptor once complete.
        private func downloadToStdout(_ client: HyperClient) async throws {
            let meter = ProgressMeter.forTransfer("download \(name)", bytesToStdout: true)
            defer { meter?.finish() }
            guard StandardStreams.stdoutIsRegularFile else {
                _ = try await client.storage.download(name: name, toDescriptor: STDOUT_FILENO, progress: meter?.handler)
                return
            }
            let spool = try TemporaryFile()
            defer { spool.remove() }
            _ = try await client.storage.download(name: name, toFile: spool.path, progress: meter?.handler)
            try spool.copy(to: STDOUT_FILENO)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            _superCommandName: StorageCommand.nameAsSuperCommand,
            abstract: "Delete an object (DELETE /storage/DOMAIN/NAME).",
            usage: "hyper-vision storage remove <name> [<options>]",
            discussion: """
                Examples:
                  hyper-vision storage remove notes/today.txt
                """)

        @Argument(help: "The object's name.") var name: String
        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printWrite(.storageRemove(name: name))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            _superCommandName: StorageCommand.nameAsSuperCommand,
            abstract: "List objects (GET /storage/DOMAIN?prefix=...; a hyper-vision nano extension).",
            usage: "hyper-vision storage list [--prefix <prefix>] [<options>]",
            discussion: """
                hyper itself has no list endpoint; servers without the "storage-list" extension \
                answer with an error.

                Examples:
                  hyper-vision storage list
                  hyper-vision storage list --prefix photos/
                """)

        @Option(help: "Only names starting with this text.") var prefix = ""
        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printRead(.storageList(prefix: prefix))
        }
    }
}
