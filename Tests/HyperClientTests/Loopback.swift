import Foundation

/// Raw IPv4 loopback sockets for the transport tests: free ports, listeners that never accept.
enum Loopback {
    static func address(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }

    /// A new TCP socket bound to 127.0.0.1 on a free port.
    static func bind() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = address(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw TestServerError.noPorts
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Connects `fd` to 127.0.0.1:port; true when connected (a non-blocking socket returns false
    /// while the connection is still pending).
    @discardableResult
    static func connect(_ fd: Int32, port: Int) -> Bool {
        var address = address(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// A port where connections are refused, held until `close`: a socket bound there that does
/// not listen (the kernel answers a connection with a reset). A port only read and closed
/// (`freePort`) can be taken by another test's server before the connection is tried: the
/// suite then saw an answer where it expected a refusal.
struct RefusingPort {
    let port: Int
    private let fd: Int32

    init() throws { (fd, port) = try Loopback.bind() }

    func close() { Glibc.close(fd) }
}

/// A TCP port nothing listens on (bound, read, closed).
func freePort() throws -> Int {
    let (fd, port) = try Loopback.bind()
    close(fd)
    return port
}

/// Waits (up to 5 s) until something accepts TCP connections on 127.0.0.1:port.
func waitForListener(port: Int) async throws {
    for _ in 0..<100 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let connected = Loopback.connect(fd, port: port)
        close(fd)
        if connected { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TestServerError.noPorts
}
