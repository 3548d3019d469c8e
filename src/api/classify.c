/* Turning a finished transfer into an api_error: one clear line per case. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/client.h"
#include "common/jsonload.h"
#include "common/jsonutil.h"
#include "common/sanitize.h"

static const char *const kind_names[API_ERR_KIND_COUNT] = {
    [API_OK] = "OK",
    [API_ERR_DNS] = "DNS",
    [API_ERR_CONNECT] = "CONNECT",
    [API_ERR_TLS] = "TLS",
    [API_ERR_AUTH] = "AUTH",
    [API_ERR_FORBIDDEN] = "FORBIDDEN",
    [API_ERR_NOT_FOUND] = "NOT_FOUND",
    [API_ERR_RATE_LIMITED] = "RATE_LIMITED",
    [API_ERR_SERVER] = "SERVER",
    [API_ERR_TIMEOUT] = "TIMEOUT",
    [API_ERR_HTML] = "HTML",
    [API_ERR_BAD_JSON] = "BAD_JSON",
    [API_ERR_TOO_LARGE] = "TOO_LARGE",
    [API_ERR_BAD_REQUEST] = "BAD_REQUEST",
    [API_ERR_CANCELLED] = "CANCELLED",
    [API_ERR_NETWORK] = "NETWORK",
    [API_ERR_READ_ONLY] = "READ_ONLY",
};

const char *api_error_kind_name(api_error_kind kind)
{
    if ((unsigned)kind >= API_ERR_KIND_COUNT)
        return "UNKNOWN";
    return kind_names[kind];
}

bool api_error_retryable(api_error_kind kind)
{
    switch (kind) {
    case API_ERR_CONNECT:
    case API_ERR_TIMEOUT:
    case API_ERR_NETWORK:
    case API_ERR_SERVER:
    case API_ERR_RATE_LIMITED:
    case API_ERR_BAD_JSON: /* a truncated answer is often a one-off */
        return true;
    default:
        return false;
    }
}

/* Set kind and a sanitized one-line message. */
static void set_error(api_error *err, api_error_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_error(api_error *err, api_error_kind kind, const char *fmt, ...)
{
    char raw[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    err->kind = kind;
    sanitize_into(err->message, sizeof err->message, raw);
}

/* ---- the server's own words ---- */

static void append_part(strbuf *sb, const char *field, const char *msg)
{
    if (!msg || !*msg)
        return;
    if (sb->len)
        sb_append(sb, "; ");
    if (field && *field && strcmp(field, "__all__") != 0) {
        sb_append(sb, field);
        sb_append(sb, ": ");
    }
    sb_append(sb, msg);
}

/* "field": ["a", "b"] or "field": "a" */
static void flatten_field(strbuf *sb, const char *field, const json_t *v)
{
    if (json_is_string(v)) {
        append_part(sb, field, json_string_value(v));
    } else if (json_is_array(v)) {
        size_t i;
        const json_t *item;
        json_array_foreach(v, i, item)
        {
            if (json_is_string(item))
                append_part(sb, field, json_string_value(item));
        }
    }
}

/* {"<command>": {"<field>": [...]}} or {"<field>": [...]}. */
static void flatten_validation(strbuf *sb, const json_t *body)
{
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)body, key, v)
    {
        if (strcmp(key, "status") == 0 || strcmp(key, "data") == 0 || strcmp(key, "meta") == 0)
            continue;
        if (json_is_object(v)) {
            const char *field;
            const json_t *fv;
            json_object_foreach((json_t *)v, field, fv)
            {
                flatten_field(sb, field, fv);
            }
        } else if (json_is_array(v)) {
            flatten_field(sb, key, v);
        }
    }
}

bool api_server_message(const json_t *body, char *buf, size_t size)
{
    if (size)
        buf[0] = '\0';
    if (!json_is_object(body))
        return false;
    static const char *keys[] = {"message", "error", "error_message", "detail", "reason"};
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0] && sb.len == 0; i++) {
        const json_t *v = json_object_get(body, keys[i]);
        if (json_is_string(v))
            append_part(&sb, NULL, json_string_value(v));
        else if (json_is_object(v))
            flatten_validation(&sb, v);
    }
    if (sb.len == 0)
        flatten_validation(&sb, body);
    bool found = sb.len > 0;
    if (found)
        sanitize_into(buf, size, sb_str(&sb));
    sb_free(&sb);
    /* One line: sanitize turns newlines into spaces; trim the ends. */
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = '\0';
    return found && n > 0;
}

/* ---- classification ---- */

static bool looks_like_html(const net_response *r)
{
    if (r->content_type && strcasestr(r->content_type, "html"))
        return true;
    const char *p = r->body;
    size_t n = r->body_len;
    while (n > 0 && isspace((unsigned char)*p)) {
        p++;
        n--;
    }
    return n > 0 && *p == '<';
}

static bool body_is_blank(const net_response *r)
{
    for (size_t i = 0; i < r->body_len; i++)
        if (!isspace((unsigned char)r->body[i]))
            return false;
    return true;
}

static void classify_transport(const net_response *r, api_error *err)
{
    const char *detail = r->error && *r->error ? r->error : "no details";
    switch (r->failure) {
    case NET_FAIL_DNS:
        set_error(err, API_ERR_DNS, "cannot resolve the server's name (check --url): %s", detail);
        break;
    case NET_FAIL_CONNECT:
        set_error(err, API_ERR_CONNECT, "cannot connect to the server: %s", detail);
        break;
    case NET_FAIL_TLS:
        /* The net layer's hint knows whether --ca-file would help (not for a
         * host-name mismatch, nor when a CA file was given). */
        set_error(err, API_ERR_TLS, "TLS certificate problem: %s (%s)", detail,
                  r->hint ? r->hint : "use --ca-file FILE to trust the server's CA");
        break;
    case NET_FAIL_TIMEOUT:
        set_error(err, API_ERR_TIMEOUT, "the server did not answer in time (%s)", detail);
        break;
    case NET_FAIL_DROPPED:
        set_error(err, API_ERR_NETWORK, "the connection dropped before a complete answer (%s)",
                  detail);
        break;
    case NET_FAIL_TRUNCATED:
        set_error(err, API_ERR_BAD_JSON, "the server's answer was truncated (%zu bytes received)",
                  r->body_len);
        break;
    case NET_FAIL_TOO_LARGE:
        set_error(err, API_ERR_TOO_LARGE, "the answer was too large: %s; transfer aborted", detail);
        break;
    default:
        set_error(err, API_ERR_NETWORK, "network error: %s", detail);
        break;
    }
}

static void classify_http_error(const net_response *r, const json_t *json, api_error *err)
{
    char said[200];
    bool has = api_server_message(json, said, sizeof said);
    long st = r->status;
    if (st == 401) {
        set_error(err, API_ERR_AUTH, "authentication failed: check user/password");
    } else if (st == 403) {
        set_error(err, API_ERR_FORBIDDEN, "permission denied (HTTP 403)%s%s",
                  has ? ": " : ": this account may not use this part of the API", has ? said : "");
    } else if (st == 404) {
        set_error(err, API_ERR_NOT_FOUND, "not found (HTTP 404): %s", has ? said : r->path);
    } else if (st == 429) {
        if (r->retry_after >= 0)
            set_error(err, API_ERR_RATE_LIMITED,
                      "the server is rate limiting requests (HTTP 429, retry after %.0f s)",
                      r->retry_after);
        else
            set_error(err, API_ERR_RATE_LIMITED, "the server is rate limiting requests (HTTP 429)");
    } else if (st >= 500) {
        set_error(err, API_ERR_SERVER, "server error (HTTP %ld)%s%s", st, has ? ": " : "",
                  has ? said : "");
    } else if (st >= 300 && st < 400) {
        set_error(err, API_ERR_HTML,
                  "the server answered a redirect (HTTP %ld), not JSON: SSO or a proxy login "
                  "may be in the way",
                  st);
    } else if (!json && looks_like_html(r)) {
        set_error(err, API_ERR_HTML,
                  "the server answered an HTML page (HTTP %ld), not JSON: SSO or a proxy login "
                  "may be in the way",
                  st);
    } else {
        set_error(err, API_ERR_BAD_REQUEST, "request refused (HTTP %ld)%s%s", st, has ? ": " : "",
                  has ? said : "");
    }
}

static void classify(const net_response *r, api_error *err, json_t **json_out, bool parsed,
                     json_t *json, const json_error_t *given)
{
    memset(err, 0, sizeof *err);
    err->http_status = r->status;
    /* Retry-After means something on 429 and 503 (a node starting up). */
    err->retry_after = (r->status == 429 || r->status == 503) ? r->retry_after : -1;
    if (json_out)
        *json_out = NULL;
    if (r->failure != NET_OK) {
        json_decref(json);
        classify_transport(r, err);
        return;
    }
    json_error_t jerr = {0};
    if (parsed && given)
        jerr = *given;
    bool is_2xx = r->status >= 200 && r->status < 300;
    if (looks_like_html(r) || body_is_blank(r)) {
        json_decref(json);
        json = NULL;
    } else if (!parsed) {
        json = json_load_fast(r->body, r->body_len, 0, &jerr);
    }

    if (!is_2xx) {
        classify_http_error(r, json, err);
    } else if (looks_like_html(r)) {
        set_error(err, API_ERR_HTML,
                  "the server answered an HTML page, not JSON: SSO or a proxy "
                  "login may be in the way");
    } else if (body_is_blank(r)) {
        err->kind = API_OK;
    } else if (!json) {
        set_error(err, API_ERR_BAD_JSON, "malformed JSON from the server (%s at byte %d)",
                  jerr.text, jerr.position);
    } else {
        err->kind = API_OK;
    }
    if (json_out)
        *json_out = json;
    else
        json_decref(json);
}

void api_classify(const net_response *r, api_error *err, json_t **json_out)
{
    classify(r, err, json_out, false, NULL, NULL);
}

void api_classify_parsed(const net_response *r, api_error *err, json_t **json_out, json_t *json,
                         const json_error_t *jerr)
{
    classify(r, err, json_out, true, json, jerr);
}
