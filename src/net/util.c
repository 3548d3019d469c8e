/* Pure helpers: failure classes, URLs, form encoding. */
#include <curl/curl.h>
#include <strings.h>
#include <string.h>

#include "net/http.h"

net_failure net_failure_from_curl(int code)
{
    switch ((CURLcode)code) {
    case CURLE_OK:
        return NET_OK;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return NET_FAIL_DNS;
    case CURLE_COULDNT_CONNECT:
        return NET_FAIL_CONNECT;
    case CURLE_OPERATION_TIMEDOUT:
        return NET_FAIL_TIMEOUT;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CLIENTCERT:
        return NET_FAIL_TLS;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return NET_FAIL_DROPPED;
    case CURLE_PARTIAL_FILE:
        return NET_FAIL_TRUNCATED;
    default:
        return NET_FAIL_OTHER;
    }
}

void net_join_url(strbuf *out, const char *base_url, const char *path)
{
    if (!path)
        path = "";
    /* An absolute link from the server: keep only its path and query. */
    if (strncasecmp(path, "http://", 7) == 0 || strncasecmp(path, "https://", 8) == 0) {
        const char *p = strstr(path, "://") + 3;
        p += strcspn(p, "/?");
        path = p;
    }
    size_t blen = base_url ? strlen(base_url) : 0;
    while (blen > 0 && base_url[blen - 1] == '/')
        blen--;
    sb_append_len(out, base_url ? base_url : "", blen);
    if (path[0] != '/')
        sb_append_char(out, '/');
    sb_append(out, path);
}

const char *net_tls_hint(const char *curl_error, bool ca_file_given)
{
    /* OpenSSL's and libcurl's wordings for a certificate issued to another
     * name: another CA would not help. */
    static const char *const name_mismatch[] = {"subject name", "does not match target host",
                                                "host name mismatch", "hostname mismatch"};
    for (size_t i = 0; curl_error && i < sizeof name_mismatch / sizeof name_mismatch[0]; i++)
        if (strcasestr(curl_error, name_mismatch[i]))
            return "the certificate is not for this host name: use the name it was issued for in "
                   "the URL";
    if (ca_file_given)
        return "the CA file given (--ca-file or ca_file) did not vouch for the server's "
               "certificate: check it holds the CA that signed it";
    return "use --ca-file FILE to trust the server's CA";
}

void net_form_add(strbuf *sb, const char *key, const char *value)
{
    if (sb->len > 0)
        sb_append_char(sb, '&');
    sb_append_urlencoded(sb, key);
    sb_append_char(sb, '=');
    sb_append_urlencoded(sb, value ? value : "");
}
