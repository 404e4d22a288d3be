#include "CCurlShim.h"
#include <pthread.h>
#include <stdlib.h>

CURLcode ccurl_setopt_long(CURL *h, CURLoption opt, long value) { return curl_easy_setopt(h, opt, value); }
CURLcode ccurl_setopt_off(CURL *h, CURLoption opt, curl_off_t value) { return curl_easy_setopt(h, opt, value); }
CURLcode ccurl_setopt_str(CURL *h, CURLoption opt, const char *value) { return curl_easy_setopt(h, opt, value); }
CURLcode ccurl_setopt_ptr(CURL *h, CURLoption opt, void *value) { return curl_easy_setopt(h, opt, value); }
CURLcode ccurl_setopt_slist(CURL *h, CURLoption opt, struct curl_slist *value) { return curl_easy_setopt(h, opt, value); }
CURLcode ccurl_setopt_write(CURL *h, CURLoption opt, curl_write_callback fn) { return curl_easy_setopt(h, opt, fn); }
CURLcode ccurl_setopt_read(CURL *h, curl_read_callback fn) { return curl_easy_setopt(h, CURLOPT_READFUNCTION, fn); }
CURLcode ccurl_setopt_seek(CURL *h, curl_seek_callback fn) { return curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, fn); }
CURLcode ccurl_setopt_xferinfo(CURL *h, curl_xferinfo_callback fn) { return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, fn); }
CURLcode ccurl_getinfo_long(CURL *h, CURLINFO info, long *out) { return curl_easy_getinfo(h, info, out); }
CURLcode ccurl_getinfo_off(CURL *h, CURLINFO info, curl_off_t *out) { return curl_easy_getinfo(h, info, out); }
CURLcode ccurl_getinfo_double(CURL *h, CURLINFO info, double *out) { return curl_easy_getinfo(h, info, out); }
CURLcode ccurl_getinfo_str(CURL *h, CURLINFO info, char **out) { return curl_easy_getinfo(h, info, out); }
CURLcode ccurl_getinfo_ptr(CURL *h, CURLINFO info, void **out) { return curl_easy_getinfo(h, info, out); }
CURLMcode ccurl_multi_setopt_long(CURLM *m, CURLMoption opt, long value) { return curl_multi_setopt(m, opt, value); }
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
        || curl_share_setopt(pool->share, CURLSHOPT_LOCKFUNC, ccurl_pool_lock) != CURLSHE_OK
        || curl_share_setopt(pool->share, CURLSHOPT_UNLOCKFUNC, ccurl_pool_unlock) != CURLSHE_OK
        || curl_share_setopt(pool->share, CURLSHOPT_USERDATA, pool) != CURLSHE_OK
        || curl_share_setopt(pool->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) != CURLSHE_OK) {
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
