import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// A real HTTP queue worker for the tests: records every delivery (body and signature header)
/// and answers as told: accept, fail with 500 and a body, or hang.
final class QueueWorker: Sendable {
    enum Behaviour: Sendable { case accept, fail(String), hang }

    struct Delivery: Sendable {
        let body: String
        let signature: String?
    }

    private let state: Mutex<(behaviour: Behaviour, deliveries: [Delivery])>
    private let task = Mutex<Task<Void, Never>?>(nil)
    /// Where to deliver: set once the worker listens.
    private let address = Mutex("")
    var url: String { address.withLock { $0 } }

    private init(_ behaviour: Behaviour) {
        state = Mutex((behaviour, []))
    }

    var deliveries: [Delivery] { state.withLock { $0.deliveries } }
    func behave(_ behaviour: Behaviour) { state.withLock { $0.behaviour = behaviour } }

    static func start(_ behaviour: Behaviour = .accept) async throws -> QueueWorker {
        let worker = QueueWorker(behaviour)
        let router = Router()
        router.post("/hook") { request, context -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            let behaviour = worker.state.withLock { state in
                state.deliveries.append(Delivery(
                    body: String(buffer: body), signature: request.headers[HTTPField.Name("X-HYPER-SIGNATURE")!]))
                return state.behaviour
            }
            switch behaviour {
            case .accept:
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"ok":true}"#)))
            case .fail(let text):
                return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: text)))
            case .hang:
                try await Task.sleep(for: .seconds(60))
                return Response(status: .ok)
            }
        }
        let port = Mutex<CheckedContinuation<Int, Never>?>(nil)
        let bound: Int = await withCheckedContinuation { continuation in
            port.withLock { $0 = continuation }
            let app = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in port.withLock { $0?.resume(returning: channel.localAddress?.port ?? 0); $0 = nil } })
            worker.task.withLock { $0 = Task { try? await app.run() } }
        }
        worker.address.withLock { $0 = "http://127.0.0.1:\(bound)/hook" }
        return worker
    }

    func stop() {
        task.withLock { $0?.cancel() }
    }
}
