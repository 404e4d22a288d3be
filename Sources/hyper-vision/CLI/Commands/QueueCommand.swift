import ArgumentParser
import HyperClient
import HyperJSON
import HyperModel
import HyperSession

struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        _superCommandName: HyperVision.toolName,
        abstract: "Jobs in the queue: enqueue, list queued and errored jobs, cancel, retry.",
        discussion: """
            hyper POSTs each job to the queue's target URL; a failed delivery leaves the job in \
            the ERROR list, from where `retry` sends it again.

            Examples:
              hyper-vision queue create \\
                --target https://w.example/jobs --secret-env KEY
              hyper-vision queue enqueue type=email to=ana@example.com
              hyper-vision queue errors
              hyper-vision queue retry 42
            """,
        subcommands: [Enqueue.self, Errors.self, Queued.self, Cancel.self, Retry.self, Create.self, DestroyService<Self>.self])
}

extension QueueCommand: DestroyableService {
    static var api: KeyPath<HyperClient, QueueAPI> { \.queue }
    static let destroyed = "queue and its jobs"
    static let destroyExampleDomain = "jobs"
}

extension QueueCommand {
    struct Enqueue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enqueue",
            _superCommandName: QueueCommand.nameAsSuperCommand,
            abstract: "Post a job (POST /queue/DOMAIN); prints its id.",
            discussion: """
                Examples:
                  hyper-vision queue enqueue \\
                    '{"type":"email","to":"ana@example.com"}'
                  hyper-vision queue enqueue type=resize width:=640 \\
                    -f job.json
                """)

        @OptionGroup var job: DocumentInput
        @OptionGroup var options: CLIOptions

        func run() async throws {
            let payload = try job.object("job")
            try await options.printAnswer(writes: true) { client in try await client.queue.enqueue(payload) }
        }
    }

    struct Errors: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "errors",
            _superCommandName: QueueCommand.nameAsSuperCommand,
            abstract: "List jobs whose delivery failed (GET /queue/DOMAIN?status=ERROR).",
            usage: "hyper-vision queue errors [<options>]",
            discussion: """
                Examples:
                  hyper-vision queue errors | jq '.jobs[].id'
                """)

        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printRead(.queueJobs(.error))
        }
    }

    struct Queued: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "queued",
            _superCommandName: QueueCommand.nameAsSuperCommand,
            abstract: "List jobs waiting for delivery (GET /queue/DOMAIN?status=READY).",
            usage: "hyper-vision queue queued [<options>]",
            discussion: """
                Examples:
                  hyper-vision queue queued
                """)

        @OptionGroup var options: CLIOptions

        func run() async throws {
            try await options.printRead(.queueJobs(.ready))
        }
    }

    struct Cancel: EachJobCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            _superCommandName: QueueCommand.nameAsSuperCommand,
            abstract: "Cancel jobs (POST /queue/DOMAIN/ID/_cancel for each).",
            usage: "hyper-vision queue cancel <id> ... [<options>]",
            discussion: """
                Prints the server's answer for each job, one per line. A job that fails is \
                reported on stderr and the others are still cancelled; the exit code is then \
                the first failure's.

                Examples:
                  hyper-vision queue cancel 42
                  hyper-vision queue cancel 42 43 44
                """)

        @Argument(help: "The jobs' ids.") var ids: [String]
        @OptionGroup var options: CLIOptions

        static func action(id: String) -> WriteAction { .queueCancel(id: id) }
    }

    struct Retry: EachJobCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            _superCommandName: QueueCommand.nameAsSuperCommand,
            abstract: "Deliver errored jobs again.",
            usage: "hyper-vision queue retry <id> ... [<options>]",
            discussion: """
                Uses the server's retry (POST /queue/DOMAIN/ID/_retry) when it announces the \
                "queue-retry" extension; otherwise re-enqueues the job's payload and cancels the \
                errored job. Prints the server's answer for each job, one per line; a job that \
                fails is reported on stderr and the others are still retried, and the exit code \
                is then the first failure's.

                Examples:
                  hyper-vision queue retry 42
                  hyper-vision queue retry 42 43 44
                  hyper-vision queue errors | jq -r '.jobs[].id' |
                    xargs hyper-vision queue retry
                """)

        @Argument(help: "The errored jobs' ids.") var ids: [String]
        @OptionGroup var options: CLIOptions

        static func action(id: String) -> WriteAction { .queueRetry(id: id) }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            _superCommandName: QueueCommand.nameAsSuperCommand,
            abstract: "Create the queue for the domain (PUT /queue/DOMAIN {target, secret?}).",
            discussion: """
                With a secret, hyper signs each delivery (X-HYPER-SIGNATURE). The secret is read \
                from --secret-env VAR when given, so it stays out of shell history and `ps`.

                Examples:
                  hyper-vision queue create \\
                    --target http://127.0.0.1:9000/jobs
                  hyper-vision queue create \\
                    --target https://w.example/jobs --secret-env KEY
                """)

        @Option(help: ArgumentHelp("The URL hyper POSTs each job to.", valueName: "url")) var target: String
        @Option(help: ArgumentHelp("Sign deliveries with this secret (max 100 characters).", valueName: "secret"))
        var secret: String?
        @Option(help: ArgumentHelp("Read the signing secret from this environment variable.", valueName: "var"))
        var secretEnv: String?
        @OptionGroup var options: CLIOptions

        func validate() throws {
            if secret != nil && secretEnv != nil { throw ValidationError("give --secret or --secret-env, not both") }
        }

        func run() async throws {
            var signingSecret = secret
            if let secretEnv {
                guard let value = ProcessEnvironment.value(secretEnv), !value.isEmpty else {
                    throw CLIFailure.usage("--secret-env \(secretEnv): the variable is not set")
                }
                signingSecret = value
            }
            try await options.printAnswer(writes: true) { client in
                try await client.queue.create(target: target, secret: signingSecret)
            }
        }
    }
}

/// `cancel` and `retry`: the same write for each job id given.
protocol EachJobCommand: AsyncParsableCommand {
    var ids: [String] { get }
    var options: CLIOptions { get }
    static func action(id: String) -> WriteAction
}

extension EachJobCommand {
    /// Journals and sends the write for each job id in order. A job the server refuses, or that
    /// gets no answer, is reported (`error: job ID: ...`) and the rest still run; the first such
    /// failure's exit code ends the command. Anything else (a bad or read-only connection) stops
    /// at once. (ArgumentParser already refuses an empty list of ids.)
    func run() async throws {
        guard ids.count > 1 else { return try await options.printWrite(Self.action(id: ids[0])) }
        var firstFailure: Int32?
        for id in ids {
            do {
                try await options.printWrite(Self.action(id: id))
            } catch let error as HyperError {
                StandardStreams.writeError("error: job \(id): \(error)")
                firstFailure = firstFailure ?? error.exitCode
            }
        }
        if let firstFailure { throw ExitCode(firstFailure) }
    }
}
