import Foundation
import HyperJSON
import TestSupport
import Testing

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

    /// `hyper-vision nano OPTION VALUE` on this nano's folder, for each value: the program
    /// refuses to start and its message names the option.
    func expectRefused(_ option: String, _ values: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for value in values {
            let refused = Process()
            refused.executableURL = URL(fileURLWithPath: hyperVisionBinary)
            refused.arguments = ["nano", "--port", "0", "--dir", directory, option, value]
            let errors = Pipe()
            refused.standardError = errors
            refused.standardOutput = FileHandle.nullDevice
            #expect(try await refused.runToExit() != 0, "\(value)", sourceLocation: sourceLocation)
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(message.contains(option.dropFirst(2)), "\(message)", sourceLocation: sourceLocation)
        }
    }
}
