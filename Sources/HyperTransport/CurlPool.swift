import CCurl
import CCurlShim

/// A connection cache of its own. Transfers given the same pool reuse each other's idle
/// connections and never another pool's, and curl's per-host connection limit counts per pool:
/// a target that hangs every connection of one pool cannot hold up transfers of another, even
/// to the same host. Without a pool a transfer uses the engine's shared cache.
///
/// Unchecked Sendable: the share handle is locked by curl itself through the mutex the C shim
/// installs, and it is freed only in `deinit`, after every transfer holding the pool is gone
/// (each `CurlTransfer` keeps its pool alive until its easy handle is cleaned up).
package final class CurlPool: @unchecked Sendable {
    private let pool: OpaquePointer

    package init() throws(TransportFailure) {
        if let unavailable = TransportFailure.libcurlUnavailable { throw unavailable }
        guard let pool = ccurl_pool_new() else { throw .curl(code: -1, reason: "curl_share_init failed") }
        self.pool = pool
    }

    deinit { ccurl_pool_free(pool) }

    var share: UnsafeMutableRawPointer? { ccurl_pool_share(pool) }
}
