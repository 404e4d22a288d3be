// The floor under the CLI's figures in `make bench` (issue 9, goal 1): a Swift program that
// imports Foundation, as hyper-vision does, linked the way release builds are, which starts
// libcurl (the GnuTLS build hyper-vision prefers: loading it and the libraries it needs, and
// initializing TLS) and does nothing else.
// What `data get` takes beyond this is hyper-vision's own work: parsing its arguments, the
// session, the request, the page cache.
import Foundation

@_silgen_name("curl_global_init") func curl_global_init(_ flags: Int) -> Int32

let CURL_GLOBAL_DEFAULT = 3
guard curl_global_init(CURL_GLOBAL_DEFAULT) == 0 else { exit(1) }
print(ProcessInfo.processInfo.arguments.count)
