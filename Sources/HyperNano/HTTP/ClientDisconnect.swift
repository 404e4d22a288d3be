import Hummingbird

extension NanoRequest {
    /// Runs `work` (a query) so that it is cancelled when the client closes its side of the
    /// connection: Hummingbird 2 does not cancel a handler's task when its client goes, it only
    /// offers to watch the inbound stream for its end. Watching consumes that stream, so the
    /// connection cannot be kept alive after this answer, which says `Connection: close`.
    /// Call it after the body has been read (`json()`).
    func cancellingOnClose(_ work: @Sendable () async throws -> Response) async throws -> Response {
        // The body has been read: watch what is left of the connection's stream. (As a body
        // already read, not the original: Hummingbird 2.28 crashes on the end of a stream it
        // meets without having seen the end of the body.)
        var watched = request
        watched.body = RequestBody(buffer: ByteBuffer())
        var response: Response
        do {
            response = try await watched.body.consumeWithCancellationOnInboundClose { _ in try await work() }
        } catch let failure as HyperFailure {
            response = Reply.failure(failure)
        } catch is CancellationError {
            // Thrown once `work` has stopped: nobody may be listening, but say what happened.
            response = Reply.failure(HyperFailure(503, "query cancelled: the client closed the connection"))
        }
        response.headers[.connection] = "close"
        return response
    }
}
