// A command that talks to the server starts loading libcurl here, before the Swift runtime
// starts and main runs: the load (about 30 libraries, GnuTLS initialised) is the longest part
// of a `data get`, and everything else the program does before its first transfer (the Swift
// runtime's start, ArgumentParser, the session) overlaps it from the start. Started from main
// instead, the load began after the runtime's start and ended later by as much.
// The guess is made from the arguments alone, before they are parsed: a wrong one costs a
// thread's CPU, never a different outcome (a load that fails is reported by the first transfer).
// glibc passes the program's arguments to the executable's constructors.
#include "CCurlShim.h"
#include <string.h>

// The Swift runtime's own path, which the runtime finds once with dladdr; its backtracer's
// constructor, which runs after this one, asks for it. dladdr takes the dynamic loader's lock,
// which dlopen holds for the whole load: asked for during the load, the main thread slept in
// dladdr until libcurl was loaded (perf sched), and nothing overlapped. Asked for here, before
// the load starts, the path is found at once and the backtracer's question is answered from it.
extern const char *swift_getRuntimeLibraryPath(void);

static int is_one_of(const char *argument, const char *const *words) {
    for (; *words; words++)
        if (strcmp(argument, *words) == 0) return 1;
    return 0;
}

__attribute__((constructor)) static void start_loading_libcurl_for_network_commands(int argc, char **argv) {
    // a service's command or `info`; none of these go to the network
    static const char *const network_commands[] = {"data", "cache", "search", "storage", "queue", "info", NULL};
    static const char *const local_only[] = {"--offline", "--help", "-h", "help", NULL};
    if (argc < 2 || !argv || !is_one_of(argv[1], network_commands)) return;
    for (int index = 2; index < argc; index++)
        if (is_one_of(argv[index], local_only)) return;
    (void)swift_getRuntimeLibraryPath();
    ccurl_load_in_background();
}
