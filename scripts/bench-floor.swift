// A reference for the CLI's figures in `make bench` (issue 9, goal 1): a Swift program that
// imports Foundation, as hyper-vision does, linked the way release builds are but with libcurl
// linked as programs usually link it (the GnuTLS build hyper-vision prefers, loaded at exec with
// all the libraries it needs in one search list), which starts libcurl and does nothing else.
// Once the floor under the CLI's figures; a whole `data get` now takes less, because the CLI
// loads libcurl's libraries one at a time, each after those it needs (LibraryOrder.c).
import Foundation

@_silgen_name("curl_global_init") func curl_global_init(_ flags: Int) -> Int32

let CURL_GLOBAL_DEFAULT = 3
guard curl_global_init(CURL_GLOBAL_DEFAULT) == 0 else { exit(1) }
print(ProcessInfo.processInfo.arguments.count)
