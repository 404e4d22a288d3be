// libcurl is loaded the first time a transfer needs it, not when the program starts: with it
// come about 30 libraries (two TLS stacks, Kerberos, LDAP, SSH, IDN...), and loading them was
// most of the start-up of every command, those that never go to the network too (--version,
// paths, journal, --offline reads, completions). So the program does not link libcurl: each
// libcurl function it calls is defined here, under libcurl's own name, and forwards to the
// real one, which dlsym finds in the library dlopen loaded. The variadic ones (setopt,
// getinfo) are called only from this file, through pointers.
#define CURL_DISABLE_TYPECHECK  // curl's type-checking macros would rewrite the calls below
#include "CCurlShim.h"
#include "LibraryOrder.h"
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// Debian builds libcurl twice: against GnuTLS (libcurl3-gnutls, the one git and apt's tools use)
// and against OpenSSL (libcurl4). Both bring GnuTLS along (through librtmp), so the OpenSSL build
// adds a second TLS stack, loaded and initialised by curl_global_init. The GnuTLS build is
// taken when present: loading and starting it took 13.8 M instructions against 15.6 M, and kept
// 1 MiB less resident (a C program doing only that, callgrind and /usr/bin/time). The OpenSSL
// build is the fallback, so a machine with either works.
static const char *const library_names[] = {"libcurl-gnutls.so.4", "libcurl.so.4"};
enum { library_count = sizeof library_names / sizeof *library_names };

static struct {
    int loaded;
    char error[512];
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLSH *(*share_init)(void);
    CURLSHcode (*share_setopt)(CURLSH *, CURLSHoption, ...);
    CURLSHcode (*share_cleanup)(CURLSH *);
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

// Binds every function the program calls from `library`; the first one it lacks, or NULL.
static const char *bind_functions(void *library) {
#define BIND(field, symbol) \
    if (!(*(void **)&curl.field = dlsym(library, symbol))) return symbol;
    BIND(global_init, "curl_global_init")
    BIND(easy_init, "curl_easy_init")
    BIND(easy_cleanup, "curl_easy_cleanup")
    BIND(easy_setopt, "curl_easy_setopt")
    BIND(easy_getinfo, "curl_easy_getinfo")
    BIND(easy_strerror, "curl_easy_strerror")
    BIND(multi_init, "curl_multi_init")
    BIND(multi_setopt, "curl_multi_setopt")
    BIND(multi_add_handle, "curl_multi_add_handle")
    BIND(multi_remove_handle, "curl_multi_remove_handle")
    BIND(multi_perform, "curl_multi_perform")
    BIND(multi_poll, "curl_multi_poll")
    BIND(multi_wakeup, "curl_multi_wakeup")
    BIND(multi_info_read, "curl_multi_info_read")
    BIND(slist_append, "curl_slist_append")
    BIND(slist_free_all, "curl_slist_free_all")
    BIND(share_init, "curl_share_init")
    BIND(share_setopt, "curl_share_setopt")
    BIND(share_cleanup, "curl_share_cleanup")
#undef BIND
    return NULL;
}

// libcurl's global initialisation starts libssh2 (for scp:// and sftp://), whose start loads
// and registers every OpenSSL engine: 1 M instructions and 30 page faults, half of what the
// first transfer's start costs. The program's transfers are HTTP and HTTPS only (each
// handle's CURLOPT_PROTOCOLS_STR), so libssh2 is started first without its crypto
// (LIBSSH2_INIT_NO_CRYPTO), and libcurl's own call finds it started. A libcurl without
// libssh2 has no such function.
static void start_libssh2_without_crypto(void *library) {
    int (*libssh2_init)(int);
    *(void **)&libssh2_init = dlsym(library, "libssh2_init");
    if (libssh2_init) libssh2_init(0x0001 /* LIBSSH2_INIT_NO_CRYPTO */);
}

// Loads what `library` needs one library at a time, each after those it needs, from the C
// library's folder (LibraryOrder.c says why), by path: by name, each load looked the name up in
// the loader's cache again, 25 page faults in all. Not when LD_LIBRARY_PATH is set: the loader
// might then take other files than those read here. One that cannot load alone (an underlinked
// library counting on a sibling's symbols) is loaded with libcurl, as all of them were before.
// Those already loaded are left out: the dynamic loader, loaded again by another path than its
// own, would be a second copy (so nothing is loaded here when the list of them is full).
static void load_dependencies_first(const char *library) {
    static char folder[PATH_MAX];
    static struct ccurl_library_names loaded, order;
    if (getenv("LD_LIBRARY_PATH")) return;
    ccurl_system_library_folder(folder, sizeof folder);
    ccurl_loaded_libraries(&loaded);
    if (!folder[0] || loaded.count == CCURL_LIBRARY_NAMES_CAPACITY) return;
    ccurl_library_order(folder, library, &loaded, &order);
    for (size_t index = 0; index + 1 < order.count; index++) {
        char path[PATH_MAX + CCURL_LIBRARY_NAME_MAX + 1];
        snprintf(path, sizeof path, "%s/%s", folder, order.names[index]);
        dlopen(path, RTLD_LAZY | RTLD_LOCAL);
    }
}

// Takes the first of library_names that loads and has every function; when none does, each
// one's reason is in curl.error (a build too old for one of them is passed over like a missing one).
static void load(void) {
    int written = snprintf(curl.error, sizeof curl.error, "cannot load libcurl (install libcurl3-gnutls or libcurl4):");
    for (int index = 0; index < library_count; index++) {
        char reason[256];
        load_dependencies_first(library_names[index]);
        void *library = dlopen(library_names[index], RTLD_LAZY | RTLD_LOCAL);
        if (library) {
            const char *missing = bind_functions(library);
            if (!missing) {
                start_libssh2_without_crypto(library);
                curl.loaded = 1;
                return;
            }
            snprintf(reason, sizeof reason, "%s has no %s (libcurl 7.68 or later is needed)", library_names[index], missing);
            dlclose(library);
        } else {
            snprintf(reason, sizeof reason, "%s", dlerror());
        }
        if (written >= 0 && (size_t)written < sizeof curl.error)
            written += snprintf(curl.error + written, sizeof curl.error - written, "%s %s", index ? ";" : "", reason);
    }
}

// Whether libcurl's functions can be called; loads it the first time.
static int loaded(void) {
    pthread_once(&load_once, load);
    return curl.loaded;
}

const char *ccurl_load_error(void) { return loaded() ? NULL : curl.error; }

static void *load_on_this_thread(void *unused) {
    (void)unused;
    loaded();
    return NULL;
}

void ccurl_load_in_background(void) {
    pthread_attr_t attributes;
    if (pthread_attr_init(&attributes) != 0) return;
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    pthread_create(&thread, &attributes, load_on_this_thread, NULL);
    pthread_attr_destroy(&attributes);
}

// What the program calls, forwarded. A handle can only exist once libcurl is loaded, so a
// function given one fails only when there is none to give.
CURLcode curl_global_init(long flags) { return loaded() ? curl.global_init(flags) : CURLE_FAILED_INIT; }
CURL *curl_easy_init(void) { return loaded() ? curl.easy_init() : NULL; }
void curl_easy_cleanup(CURL *h) { if (loaded()) curl.easy_cleanup(h); }
const char *curl_easy_strerror(CURLcode code) { return loaded() ? curl.easy_strerror(code) : curl.error; }
CURLM *curl_multi_init(void) { return loaded() ? curl.multi_init() : NULL; }
CURLMcode curl_multi_add_handle(CURLM *m, CURL *h) { return loaded() ? curl.multi_add_handle(m, h) : CURLM_BAD_HANDLE; }
CURLMcode curl_multi_remove_handle(CURLM *m, CURL *h) { return loaded() ? curl.multi_remove_handle(m, h) : CURLM_BAD_HANDLE; }
CURLMcode curl_multi_perform(CURLM *m, int *running) { return loaded() ? curl.multi_perform(m, running) : CURLM_BAD_HANDLE; }
CURLMcode curl_multi_poll(CURLM *m, struct curl_waitfd *fds, unsigned int count, int timeout, int *ready) {
    return loaded() ? curl.multi_poll(m, fds, count, timeout, ready) : CURLM_BAD_HANDLE;
}
CURLMcode curl_multi_wakeup(CURLM *m) { return loaded() ? curl.multi_wakeup(m) : CURLM_BAD_HANDLE; }
CURLMsg *curl_multi_info_read(CURLM *m, int *left) { return loaded() ? curl.multi_info_read(m, left) : NULL; }
struct curl_slist *curl_slist_append(struct curl_slist *list, const char *text) {
    return loaded() ? curl.slist_append(list, text) : NULL;
}
void curl_slist_free_all(struct curl_slist *list) { if (loaded()) curl.slist_free_all(list); }
CURLSH *curl_share_init(void) { return loaded() ? curl.share_init() : NULL; }
CURLSHcode curl_share_cleanup(CURLSH *share) { return loaded() ? curl.share_cleanup(share) : CURLSHE_INVALID; }

CURLcode ccurl_setopt_long(CURL *h, CURLoption opt, long value) { return curl.easy_setopt(h, opt, value); }
CURLcode ccurl_setopt_off(CURL *h, CURLoption opt, curl_off_t value) { return curl.easy_setopt(h, opt, value); }
CURLcode ccurl_setopt_str(CURL *h, CURLoption opt, const char *value) { return curl.easy_setopt(h, opt, value); }
CURLcode ccurl_setopt_ptr(CURL *h, CURLoption opt, void *value) { return curl.easy_setopt(h, opt, value); }
CURLcode ccurl_setopt_slist(CURL *h, CURLoption opt, struct curl_slist *value) { return curl.easy_setopt(h, opt, value); }
CURLcode ccurl_setopt_write(CURL *h, CURLoption opt, curl_write_callback fn) { return curl.easy_setopt(h, opt, fn); }
CURLcode ccurl_setopt_read(CURL *h, curl_read_callback fn) { return curl.easy_setopt(h, CURLOPT_READFUNCTION, fn); }
CURLcode ccurl_setopt_seek(CURL *h, curl_seek_callback fn) { return curl.easy_setopt(h, CURLOPT_SEEKFUNCTION, fn); }
CURLcode ccurl_setopt_xferinfo(CURL *h, curl_xferinfo_callback fn) { return curl.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, fn); }
CURLcode ccurl_getinfo_long(CURL *h, CURLINFO info, long *out) { return curl.easy_getinfo(h, info, out); }
CURLcode ccurl_getinfo_off(CURL *h, CURLINFO info, curl_off_t *out) { return curl.easy_getinfo(h, info, out); }
CURLcode ccurl_getinfo_double(CURL *h, CURLINFO info, double *out) { return curl.easy_getinfo(h, info, out); }
CURLcode ccurl_getinfo_str(CURL *h, CURLINFO info, char **out) { return curl.easy_getinfo(h, info, out); }
CURLcode ccurl_getinfo_ptr(CURL *h, CURLINFO info, void **out) { return curl.easy_getinfo(h, info, out); }
CURLMcode ccurl_multi_setopt_long(CURLM *m, CURLMoption opt, long value) { return curl.multi_setopt(m, opt, value); }
CURLversion ccurl_version_now(void) { return CURLVERSION_NOW; }

struct ccurl_pool {
    CURLSH *share;
    pthread_mutex_t mutex;
};

// One recursive mutex for everything the share holds: curl locks the connection cache and the
// share's own bookkeeping, never for long, and may take one while holding the other.
static void ccurl_pool_lock(CURL *h, curl_lock_data data, curl_lock_access access, void *pool) {
    (void)h; (void)data; (void)access;
    pthread_mutex_lock(&((ccurl_pool *)pool)->mutex);
}

static void ccurl_pool_unlock(CURL *h, curl_lock_data data, void *pool) {
    (void)h; (void)data;
    pthread_mutex_unlock(&((ccurl_pool *)pool)->mutex);
}

ccurl_pool *ccurl_pool_new(void) {
    ccurl_pool *pool = calloc(1, sizeof *pool);
    if (!pool) return NULL;
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&pool->mutex, &attributes);
    pthread_mutexattr_destroy(&attributes);
    pool->share = curl_share_init();
    if (!pool->share
        || curl.share_setopt(pool->share, CURLSHOPT_LOCKFUNC, ccurl_pool_lock) != CURLSHE_OK
        || curl.share_setopt(pool->share, CURLSHOPT_UNLOCKFUNC, ccurl_pool_unlock) != CURLSHE_OK
        || curl.share_setopt(pool->share, CURLSHOPT_USERDATA, pool) != CURLSHE_OK
        || curl.share_setopt(pool->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) != CURLSHE_OK) {
        ccurl_pool_free(pool);
        return NULL;
    }
    return pool;
}

CURLSH *ccurl_pool_share(ccurl_pool *pool) { return pool->share; }

void ccurl_pool_free(ccurl_pool *pool) {
    if (!pool) return;
    if (pool->share) curl_share_cleanup(pool->share);
    pthread_mutex_destroy(&pool->mutex);
    free(pool);
}
