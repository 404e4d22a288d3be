import Logging

/// The handler of the logger nano gives Hummingbird: swift-log's stream handler on standard
/// error (as nano's own logger), with the metadata set on the logger kept aside until a line is
/// written. The stream handler renders its metadata again on every change, and Hummingbird sets
/// a request id on this logger for every request: that was 5% of a GET by id, for lines that at
/// the framework's level (warning) are hardly ever written.
struct FrameworkLogHandler: LogHandler {
    private var base: StreamLogHandler
    var metadata: Logger.Metadata = [:]

    init(label: String) {
        base = .standardError(label: label)
    }

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        event.metadata = metadata.merging(event.metadata ?? [:]) { $1 }
        base.log(event: event)
    }
}
