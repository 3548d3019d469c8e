/* The server URL: scheme, credentials, plain http. See config.h. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/internal.h"

/* Length of a URL scheme followed by "://" at the start of u, or 0. A
 * "://" further on ("host:8443/x://y") is no scheme. */
static size_t scheme_length(const char *u)
{
    if (!isalpha((unsigned char)u[0]))
        return 0;
    size_t n = 1;
    while (isalnum((unsigned char)u[n]) || u[n] == '+' || u[n] == '-' || u[n] == '.')
        n++;
    return strncmp(u + n, "://", 3) == 0 ? n : 0;
}

bool cfg_host_is_loopback(const char *host, size_t len)
{
    char name[64];
    if (len >= 2 && host[0] == '[' && host[len - 1] == ']')
        host++, len -= 2;
    if (len > 0 && host[len - 1] == '.')
        len--;
    if (len == 0 || len >= sizeof name)
        return false;
    memcpy(name, host, len);
    name[len] = '\0';
    if (strcasecmp(name, "localhost") == 0)
        return true;
    unsigned char addr[16];
    if (inet_pton(AF_INET, name, addr) == 1)
        return addr[0] == 127;
    if (inet_pton(AF_INET6, name, addr) == 1) {
        static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
        if (memcmp(addr, v4mapped, 12) == 0)
            return addr[12] == 127;
        return memcmp(addr, &in6addr_loopback, 16) == 0;
    }
    return false;
}

/* The host of an authority "host[:port]" or "[v6][:port]" (no userinfo). */
static void authority_host(const char *auth, size_t len, const char **host, size_t *host_len)
{
    *host = auth;
    if (len > 0 && auth[0] == '[') {
        const char *close = memchr(auth, ']', len);
        *host_len = close ? (size_t)(close - auth) + 1 : len;
        return;
    }
    const char *colon = memchr(auth, ':', len);
    *host_len = colon ? (size_t)(colon - auth) : len;
}

static int check_url(const char *url, size_t scheme_len, bool allow_http, bool *plain_http,
                     strbuf *err)
{
    for (const char *c = url; *c; c++) {
        if ((unsigned char)*c <= ' ' || *c == 0x7F) {
            sb_append(err, "the URL holds a space or a control character");
            return 2;
        }
    }
    *plain_http = scheme_len == 4 && strncmp(url, "http", 4) == 0;
    if (!*plain_http && (scheme_len != 5 || strncmp(url, "https", 5) != 0)) {
        sb_printf(err, "unsupported URL scheme '%.*s' (use https://)", (int)scheme_len, url);
        return 2;
    }
    const char *auth = url + scheme_len + 3;
    size_t auth_len = strcspn(auth, "/?#");
    if (memchr(auth, '@', auth_len)) {
        sb_append(err, "the URL must not hold credentials (user:password@host): give the user "
                       "with --user or a profile's user, the password with PEXCON_PASSWORD, "
                       "a password_command or ~/.netrc");
        return 2;
    }
    const char *host;
    size_t host_len;
    authority_host(auth, auth_len, &host, &host_len);
    if (host_len == 0) {
        sb_append(err, "the URL has no host name");
        return 2;
    }
    if (*plain_http && !allow_http && !cfg_host_is_loopback(host, host_len)) {
        sb_printf(err,
                  "refusing plain http to %.*s: the password would cross the network "
                  "unencrypted; use https://, or --allow-http to accept that",
                  (int)host_len, host);
        return 2;
    }
    *plain_http = *plain_http && !cfg_host_is_loopback(host, host_len);
    return 0;
}

int cfg_normalize_url(pexcon_config *cfg, bool allow_http, strbuf *err)
{
    if (!cfg->url)
        return 0;
    const char *u = cfg->url;
    while (*u == ' ')
        u++;
    strbuf sb = STRBUF_INIT;
    size_t scheme_len = scheme_length(u);
    if (!scheme_len) {
        sb_append(&sb, "https://"); /* never plain http by default */
        scheme_len = 5;
    }
    sb_append(&sb, u);
    while (sb.len > 0 && (sb.data[sb.len - 1] == '/' || sb.data[sb.len - 1] == ' '))
        sb.data[--sb.len] = '\0';
    for (size_t i = 0; i < scheme_len; i++)
        sb.data[i] = (char)tolower((unsigned char)sb.data[i]);
    bool plain_http = false;
    int rc = check_url(sb_str(&sb), scheme_len, allow_http, &plain_http, err);
    if (rc) {
        sb_free(&sb);
        return rc;
    }
    free(cfg->url);
    cfg->url = sb_steal(&sb);
    if (plain_http)
        cfg_warn("WARNING: --allow-http: the password goes to %s over plain http, unencrypted; "
                 "anyone on the network path can read it",
                 cfg->url);
    return 0;
}
