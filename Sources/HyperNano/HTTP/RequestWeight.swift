import HTTPTypes
import HyperJSON

/// Which requests go through `HeavyWork`: those whose cost grows with the data or the body
/// (queries, lists, bulk writes, index builds, large JSON bodies). Reads and deletes of one item,
/// a data list by a few keys, the info routes and storage transfers (streamed, bounded by I/O,
/// not CPU) stay light.
enum RequestWeight {
    /// A JSON body up to this size is parsed in well under a millisecond.
    static let lightBodyLimit = 64 * 1024
    /// A data list naming at most this many keys costs at most that many reads by id.
    static let lightKeys = 64

    static func isHeavy(_ req: NanoRequest) -> Bool {
        let segments = req.segments
        guard let service = segments.first, segments.count >= 2 else { return false }
        switch service {
        case "data", "cache", "search", "queue":
            switch segments.last {
            case "_query", "_bulk", "_index": return true
            default: break
            }
            if segments.count == 2, req.method == .get { return !isKeyedDataList(req) }  // a list
            return hasLargeBody(req)
        case "storage":
            return segments.count == 2 && req.method == .get  // a bucket's listing
        default:
            return false
        }
    }

    /// `GET /data/{db}?keys=...` naming at most `lightKeys` keys (in one `keys` parameter: a
    /// repeated one is refused by the route).
    private static func isKeyedDataList(_ req: NanoRequest) -> Bool {
        guard req.segments.first == "data", let keys = req.query("keys") else { return false }
        return keys.utf8.count(ofByte: UInt8(ascii: ",")) < lightKeys
    }

    /// A body over `lightBodyLimit`, or of unknown length (chunked), on a method that carries one.
    private static func hasLargeBody(_ req: NanoRequest) -> Bool {
        guard req.method == .post || req.method == .put || req.method == .patch else { return false }
        guard let length = req.header("Content-Length").flatMap({ Int($0) }) else {
            return req.header("Transfer-Encoding") != nil
        }
        return length > lightBodyLimit
    }
}
