import Foundation
import HyperJSON
import TestSupport

/// The harness's HTTP helpers for a child nano (`TestSupport.ChildNano`).
extension ChildNano {
    func request(
        _ method: String, _ path: String, json: JSON? = nil, body: Data? = nil, headers: [String: String] = [:]
    ) async throws -> Nano.Reply {
        try await Nano.send(method, base + path, json: json, body: body, headers: headers)
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Nano.Reply {
        try await request("GET", path, headers: headers)
    }

    func post(_ path: String, _ json: JSON) async throws -> Nano.Reply { try await request("POST", path, json: json) }
}
