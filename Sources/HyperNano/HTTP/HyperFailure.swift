import HyperJSON

/// A hyper error answer: `{ok:false,status,msg}` with `status` as the HTTP status.
struct HyperFailure: Error, Sendable, Equatable {
    let status: Int
    let msg: String
    /// The unknown-route answer of hyper has no `status` field.
    var includesStatus = true
    /// Sent as `Retry-After` (a 503 for a server too busy to take the request now).
    var retryAfterSeconds: Int?

    init(_ status: Int, _ msg: String) {
        self.status = status
        self.msg = msg
    }

    var body: JSON {
        var object: JSONObject = ["ok": false]
        if includesStatus { object["status"] = JSON(status) }
        object["msg"] = .string(msg)
        return .object(object)
    }

    static let routeNotFound: HyperFailure = {
        var failure = HyperFailure(404, "not found!")
        failure.includesStatus = false
        return failure
    }()

    static let notAuthorized: HyperFailure = {
        var failure = HyperFailure(401, "not authorized")
        failure.includesStatus = false
        return failure
    }()

    /// 507: nano could not write because the disk (or the user's quota) is full.
    static func diskFull(_ action: String) -> HyperFailure {
        HyperFailure(507, "the disk is full: nano could not \(action)")
    }

    /// hyper's zod-port wording for a bad argument: `Invalid Arguments '<field>': <why>.`
    static func invalidArgument(_ field: String, _ why: String) -> HyperFailure {
        HyperFailure(422, "Invalid Arguments '\(field)': \(why).")
    }
}
