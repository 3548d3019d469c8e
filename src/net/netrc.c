/* ~/.netrc, read by pexcon itself: libcurl 7.88 (Debian 12) fails to find
 * the entry when a user name is also given. See http.h (net_netrc_lookup). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/internal.h"

#define NETRC_MAX_BYTES (1024 * 1024)

typedef struct netrc_reader {
    const char *p, *end;
    char token[1024];
} netrc_reader;

/* The next whitespace-separated token, "quoted \"like\" this" allowed;
 * false at the end. Over-long tokens are cut (they match nothing real). */
static bool next_token(netrc_reader *rd)
{
    while (rd->p < rd->end &&
           (*rd->p == ' ' || *rd->p == '\t' || *rd->p == '\n' || *rd->p == '\r' || *rd->p == ','))
        rd->p++;
    if (rd->p >= rd->end)
        return false;
    size_t n = 0;
    bool quoted = *rd->p == '"';
    if (quoted)
        rd->p++;
    while (rd->p < rd->end) {
        char c = *rd->p;
        if (quoted ? c == '"' : (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
            break;
        if (quoted && c == '\\' && rd->p + 1 < rd->end)
            c = *++rd->p;
        if (n + 1 < sizeof rd->token)
            rd->token[n++] = c;
        rd->p++;
    }
    if (quoted && rd->p < rd->end)
        rd->p++; /* the closing quote */
    rd->token[n] = '\0';
    return true;
}

/* A macro definition runs to the next empty line. */
static void skip_macdef(netrc_reader *rd)
{
    while (rd->p < rd->end) {
        const char *nl = memchr(rd->p, '\n', (size_t)(rd->end - rd->p));
        if (!nl) {
            rd->p = rd->end;
            return;
        }
        rd->p = nl + 1;
        if (rd->p < rd->end &&
            (*rd->p == '\n' || (*rd->p == '\r' && rd->p + 1 < rd->end && rd->p[1] == '\n')))
            return;
    }
}

typedef struct netrc_entry {
    bool in_entry, is_default, host_matches;
    char *login, *password;
} netrc_entry;

static void entry_clear(netrc_entry *en)
{
    free(en->login);
    if (en->password) {
        explicit_bzero(en->password, strlen(en->password));
        free(en->password);
    }
    memset(en, 0, sizeof *en);
}

/* Does the finished entry answer for host and user? Then its login and
 * password move to *best (a machine entry wins over `default`). */
static bool entry_take(netrc_entry *en, const char *user, netrc_entry *best)
{
    bool usable = en->in_entry && (en->host_matches || en->is_default) && en->password &&
                  (!user || !en->login || strcmp(en->login, user) == 0);
    bool better = usable && (!best->password || (best->is_default && !en->is_default));
    if (better) {
        entry_clear(best);
        *best = *en;
        memset(en, 0, sizeof *en);
    }
    entry_clear(en);
    return better && !best->is_default;
}

static void parse_netrc(const char *text, size_t len, const char *host, const char *user,
                        netrc_entry *best)
{
    netrc_reader rd = {.p = text, .end = text + len};
    netrc_entry en = {0};
    char **slot = NULL;
    while (next_token(&rd)) {
        if (slot) {
            free(*slot);
            *slot = xstrdup(rd.token);
            slot = NULL;
        } else if (strcmp(rd.token, "machine") == 0 || strcmp(rd.token, "default") == 0) {
            if (entry_take(&en, user, best))
                break;
            en.in_entry = true;
            en.is_default = rd.token[0] == 'd';
            if (!en.is_default && next_token(&rd))
                en.host_matches = strcasecmp(rd.token, host) == 0;
        } else if (strcmp(rd.token, "login") == 0) {
            slot = &en.login;
        } else if (strcmp(rd.token, "password") == 0) {
            slot = &en.password;
        } else if (strcmp(rd.token, "account") == 0) {
            next_token(&rd);
        } else if (strcmp(rd.token, "macdef") == 0) {
            skip_macdef(&rd);
        }
    }
    entry_take(&en, user, best);
    explicit_bzero(rd.token, sizeof rd.token);
}

/* Read the whole file after checking who may read it. 1 read, 0 absent,
 * -1 refused or unreadable (message in err). */
static int read_netrc(const char *path, char **text, size_t *len, strbuf *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 0;
        sb_printf(err, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    int rc = -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        sb_printf(err, "cannot read %s: not a regular file", path);
    } else if (st.st_uid != geteuid()) {
        sb_printf(err, "%s belongs to another user: refusing to use it", path);
    } else if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        sb_printf(err,
                  "%s can be read by other users: refusing to use it; fix it with: chmod 600 %s",
                  path, path);
    } else if (st.st_size > NETRC_MAX_BYTES) {
        sb_printf(err, "%s is too large to be a netrc file", path);
    } else {
        *text = xmalloc((size_t)st.st_size + 1);
        ssize_t n = read(fd, *text, (size_t)st.st_size);
        *len = n > 0 ? (size_t)n : 0;
        (*text)[*len] = '\0';
        rc = 1;
    }
    close(fd);
    return rc;
}

int net_netrc_lookup(const char *path, const char *host, const char *user, char **login,
                     char **password, strbuf *err)
{
    *login = *password = NULL;
    char *text = NULL;
    size_t len = 0;
    int rc = read_netrc(path, &text, &len, err);
    if (rc <= 0)
        return rc;
    netrc_entry best = {0};
    parse_netrc(text, len, host, user, &best);
    explicit_bzero(text, len);
    free(text);
    if (!best.password)
        return 0;
    *login = best.login ? best.login : net_strdup_or_null(user);
    *password = best.password;
    return 1;
}

bool net_url_host(const char *url, char *host, size_t size)
{
    const char *p = url ? strstr(url, "://") : NULL;
    p = p ? p + 3 : url;
    if (!p || size == 0)
        return false;
    size_t n = strcspn(p, "/?#");
    const char *at = memchr(p, '@', n);
    if (at) {
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    if (n > 0 && p[0] == '[') {
        const char *close = memchr(p, ']', n);
        if (!close)
            return false;
        p++;
        n = (size_t)(close - p);
    } else {
        const char *colon = memchr(p, ':', n);
        if (colon)
            n = (size_t)(colon - p);
    }
    if (n == 0 || n >= size)
        return false;
    memcpy(host, p, n);
    host[n] = '\0';
    return true;
}
