import HyperJSON
import HyperModel
import HyperSession
import VisionCore

/// The browser's page reads through the session (stale-while-revalidate): the cached answer at
/// once, then the server's, each typed by the read's own decoder.
enum PageReads {
    /// Runs `read` and posts each step: the cached answer (the request keeps running), then the
    /// server's, or why there is none.
    static func read(_ read: HyperRead, id: RequestID, session: AppSession, mailbox: Mailbox) async {
        for await update in session.read(read) {
            switch update {
            case .cached(let answer, let age):
                mailbox.post(.cached(id, .page(read.decode(answer)), age: age))
            case .fresh(let answer):
                mailbox.post(.response(id, .page(read.decode(answer))))
            case .offline(let reason):
                mailbox.post(.failed(id, ErrorInfo(status: nil, message: reason, unreachable: true)))
            case .failed(let error):
                mailbox.post(.failed(id, RequestInterpreter.describe(error)))
            }
        }
    }

    /// The queue listing: both pages' cached answers at once when both are cached, then the
    /// server's two answers, or why there are none.
    static func readQueue(id: RequestID, session: AppSession, mailbox: Mailbox) async {
        var ready = session.read(.queueJobs(.ready)).makeAsyncIterator()
        var errors = session.read(.queueJobs(.error)).makeAsyncIterator()
        var (readyStep, errorStep) = (await ready.next(), await errors.next())
        if case .cached(let readyJobs, let readyAge)? = readyStep, case .cached(let errorJobs, let errorAge)? = errorStep {
            mailbox.post(.cached(id, jobs(readyJobs, errorJobs), age: max(readyAge, errorAge)))
        }
        if case .cached? = readyStep { readyStep = await ready.next() }
        if case .cached? = errorStep { errorStep = await errors.next() }
        switch (readyStep, errorStep) {
        case (.fresh(let readyJobs)?, .fresh(let errorJobs)?):
            mailbox.post(.response(id, jobs(readyJobs, errorJobs)))
        case (.failed(let error)?, _), (_, .failed(let error)?):
            mailbox.post(.failed(id, RequestInterpreter.describe(error)))
        case (.offline(let reason)?, _), (_, .offline(let reason)?):
            mailbox.post(.failed(id, ErrorInfo(status: nil, message: reason, unreachable: true)))
        default:
            mailbox.post(.failed(id, ErrorInfo(status: nil, message: "cancelled")))
        }
    }

    private static func jobs(_ ready: JSON, _ errors: JSON) -> Response {
        .jobs(ready: Envelope.list(of: ready)?.items ?? [], errors: Envelope.list(of: errors)?.items ?? [])
    }
}
