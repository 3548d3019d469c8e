/* The server URL (cfg_normalize_url) and the joining of request paths and
 * the server's `next` links onto it (net_join_url). Checks: an accepted
 * URL is http(s) with no credentials, plain http only to loopback unless
 * allowed; a joined URL always starts with the base URL and a '/', so a
 * `next` link can never point the request (and the password) elsewhere. */
#include <string.h>

#include "config/internal.h"
#include "fuzz.h"
#include "net/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool allow_http = data[0] & 1;
    const uint8_t *nl = memchr(data + 1, '\n', size - 1);
    size_t base_len = nl ? (size_t)(nl - data - 1) : size - 1;
    pexcon_config cfg = {.url = fuzz_text((const char *)data + 1, base_len)};
    char *path = nl ? fuzz_text((const char *)nl + 1, size - base_len - 2) : strdup("");
    FUZZ_CHECK(cfg.url && path);
    strbuf err = STRBUF_INIT;
    if (cfg_normalize_url(&cfg, allow_http, &err) == 0) {
        const char *u = cfg.url;
        bool http = strncmp(u, "http://", 7) == 0;
        FUZZ_CHECK(http || strncmp(u, "https://", 8) == 0);
        const char *auth = u + (http ? 7 : 8);
        size_t auth_len = strcspn(auth, "/?#");
        FUZZ_CHECK(auth_len > 0 && !memchr(auth, '@', auth_len));
        char host[256];
        if (http && !allow_http && net_url_host(u, host, sizeof host))
            FUZZ_CHECK(cfg_host_is_loopback(host, strlen(host)) ||
                       cfg_host_is_loopback(auth, strcspn(auth, ":")));
        strbuf joined = STRBUF_INIT;
        net_join_url(&joined, u, path);
        size_t ulen = strlen(u);
        FUZZ_CHECK(strncmp(sb_str(&joined), u, ulen) == 0 && sb_str(&joined)[ulen] == '/');
        sb_free(&joined);
    } else {
        FUZZ_CHECK(err.len > 0);
    }
    sb_free(&err);
    free(cfg.url);
    free(path);
    return 0;
}
