// libcurl's setopt/getinfo are variadic and CURLVERSION_NOW is a macro: Swift can call neither.
// libcurl itself is loaded on first use (see CCurlShim.c).
#ifndef CCURLSHIM_H
#define CCURLSHIM_H
#include <curl/curl.h>
#include "LibraryOrder.h"  // the module's umbrella header is this one

/// Loads libcurl if it is not yet loaded; NULL once it is, else why it cannot be (the loader's
/// words, naming the file). Every libcurl call made before a successful load fails as curl's
/// own calls fail (NULL handles, CURLE_FAILED_INIT).
const char *ccurl_load_error(void);

/// Starts loading libcurl on a thread of its own and returns; a later call waits for that load.
/// When no thread can be started, the first call that needs libcurl loads it.
void ccurl_load_in_background(void);

CURLcode ccurl_setopt_long(CURL *h, CURLoption opt, long value);
CURLcode ccurl_setopt_off(CURL *h, CURLoption opt, curl_off_t value);
CURLcode ccurl_setopt_str(CURL *h, CURLoption opt, const char *value);
CURLcode ccurl_setopt_ptr(CURL *h, CURLoption opt, void *value);
CURLcode ccurl_setopt_slist(CURL *h, CURLoption opt, struct curl_slist *value);
CURLcode ccurl_setopt_write(CURL *h, CURLoption opt, curl_write_callback fn);
CURLcode ccurl_setopt_read(CURL *h, curl_read_callback fn);
CURLcode ccurl_setopt_seek(CURL *h, curl_seek_callback fn);
CURLcode ccurl_setopt_xferinfo(CURL *h, curl_xferinfo_callback fn);
CURLcode ccurl_getinfo_long(CURL *h, CURLINFO info, long *out);
CURLcode ccurl_getinfo_off(CURL *h, CURLINFO info, curl_off_t *out);
CURLcode ccurl_getinfo_double(CURL *h, CURLINFO info, double *out);
CURLcode ccurl_getinfo_str(CURL *h, CURLINFO info, char **out);
CURLcode ccurl_getinfo_ptr(CURL *h, CURLINFO info, void **out);
CURLMcode ccurl_multi_setopt_long(CURLM *m, CURLMoption opt, long value);
CURLversion ccurl_version_now(void);

// A connection cache of its own: a share handle sharing CURL_LOCK_DATA_CONNECT, locked with a
// mutex because handles using it are created, run and cleaned up on different threads.
typedef struct ccurl_pool ccurl_pool;
ccurl_pool *ccurl_pool_new(void);
CURLSH *ccurl_pool_share(ccurl_pool *pool);
void ccurl_pool_free(ccurl_pool *pool);
#endif
