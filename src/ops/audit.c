#include "ops/audit.h"

#include "common/sanitize.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "common/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

json_t *audit_json_sanitized(const json_t *j)
{
    if (json_is_string(j)) {
        char *clean = sanitize_text(json_string_value(j));
        json_t *s = json_string(clean);
        free(clean);
        return s;
    }
    if (json_is_array(j)) {
        json_t *a = json_array();
        for (size_t i = 0; i < json_array_size(j); i++)
            json_array_append_new(a, audit_json_sanitized(json_array_get(j, i)));
        return a;
    }
    if (json_is_object(j)) {
        json_t *o = json_object();
        const char *key;
        json_t *value;
        json_object_foreach((json_t *)j, key, value)
        {
            char *clean = sanitize_text(key); /* valid UTF-8, so the set is never refused */
            json_object_set_new(o, clean, audit_json_sanitized(value));
            free(clean);
        }
        return o;
    }
    return json_deep_copy(j); /* numbers, booleans, null */
}

/* O_NOFOLLOW: a symlinked log (someone else's file behind it) is refused. */
#define AUDIT_OPEN_FLAGS (O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW)
#define AUDIT_FILE_MODE 0600
#define AUDIT_DIR_MODE 0700

char *audit_log_path(void)
{
    strbuf sb = STRBUF_INIT;
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    /* The XDG spec says relative values are invalid and must be ignored. */
    if (xdg && xdg[0] == '/')
        sb_printf(&sb, "%s/pexcon/audit.log", xdg);
    else if (home && home[0] == '/')
        sb_printf(&sb, "%s/.local/state/pexcon/audit.log", home);
    else
        return NULL;
    return sb_steal(&sb);
}

const char *audit_outcome_name(audit_outcome o)
{
    switch (o) {
    case AUDIT_ACCEPTED:
        return "accepted";
    case AUDIT_REFUSED:
        return "refused";
    case AUDIT_UNKNOWN:
        break;
    }
    return "unknown";
}

/* host[:port] of a URL, without any user:password@ part. */
static void url_host(const char *url, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!url)
        return;
    const char *start = strstr(url, "://");
    start = start ? start + 3 : url;
    size_t len = strcspn(start, "/?#");
    const char *at = memchr(start, '@', len);
    if (at) {
        len -= (size_t)(at + 1 - start);
        start = at + 1;
    }
    if (len >= size)
        len = size - 1;
    memcpy(buf, start, len);
    buf[len] = '\0';
}

static void utc_iso(double t, char *buf, size_t size)
{
    time_t secs = (time_t)floor(t);
    int ms = (int)((t - floor(t)) * 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    char base[32];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, size, "%s.%03dZ", base, ms);
}

/* A sanitized string, or null for NULL. */
static json_t *clean_string(const char *s)
{
    if (!s)
        return json_null();
    char *clean = sanitize_text(s);
    json_t *j = json_string(clean);
    free(clean);
    return j;
}

char *audit_format_line(const audit_entry *e)
{
    char when[48], host[256];
    utc_iso(e->time > 0 ? e->time : time_now(), when, sizeof when);
    url_host(e->url, host, sizeof host);
    json_t *params = e->params ? audit_json_sanitized(e->params) : json_object();
    json_t *line = json_object();
    json_object_set_new(line, "time", json_string(when));
    json_object_set_new(line, "source", clean_string(e->source ? e->source : "batch"));
    json_object_set_new(line, "profile", clean_string(e->profile));
    json_object_set_new(line, "node", clean_string(host[0] ? host : NULL));
    json_object_set_new(line, "user", clean_string(e->user));
    json_object_set_new(line, "command", clean_string(e->command));
    json_object_set_new(line, "target_id", clean_string(e->target_id));
    json_object_set_new(line, "target_name", clean_string(e->target_name));
    json_object_set_new(line, "params", params);
    json_object_set_new(line, "outcome", json_string(audit_outcome_name(e->outcome)));
    json_object_set_new(line, "http_status",
                        e->http_status > 0 ? json_integer(e->http_status) : json_null());
    json_object_set_new(line, "message", clean_string(e->message));
    json_object_set_new(line, "latency_ms",
                        e->latency_ms >= 0 ? json_integer((json_int_t)llround(e->latency_ms))
                                           : json_null());
    char *text = json_dumps(line, JSON_COMPACT);
    json_decref(line);
    return text;
}

/* mkdir -p of the directory holding `path`; new directories are 0700. */
static int make_parent_dirs(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    int rc = 0;
    for (char *p = dir + 1; rc == 0; p++) {
        bool end = *p == '\0';
        if (*p == '/' || end) {
            char saved = *p;
            *p = '\0';
            if (mkdir(dir, AUDIT_DIR_MODE) != 0 && errno != EEXIST)
                rc = -errno;
            *p = saved;
        }
        if (end)
            break;
    }
    free(dir);
    return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* An existing log must be ours and private: 0 or the error to report. */
static int check_log_file(const struct stat *st)
{
    if (!S_ISREG(st->st_mode))
        return -EINVAL;
    if (st->st_uid != getuid())
        return -EPERM;
    if (st->st_mode & 077)
        return -EACCES;
    return 0;
}

const char *audit_error_text(int status, char *buf, size_t size)
{
    char *path = audit_log_path();
    const char *p = path ? path : "the audit log";
    switch (-status) {
    case ELOOP:
        snprintf(buf, size, "%s is a symbolic link: refusing to write through it", p);
        break;
    case EACCES:
        snprintf(buf, size, "%s can be read or written by others: fix it with: chmod 600 %s", p, p);
        break;
    case EPERM:
        snprintf(buf, size, "%s belongs to another user: refusing to write it", p);
        break;
    case EINVAL:
        snprintf(buf, size, "%s is not a regular file", p);
        break;
    default:
        snprintf(buf, size, "%s: %s", p, strerror(-status));
    }
    free(path);
    return buf;
}

static int append_now(const char *path, const char *line, size_t len)
{
    int fd = open(path, AUDIT_OPEN_FLAGS, AUDIT_FILE_MODE);
    if (fd < 0 && errno == ENOENT) {
        int rc = make_parent_dirs(path);
        if (rc != 0)
            return rc;
        fd = open(path, AUDIT_OPEN_FLAGS, AUDIT_FILE_MODE);
    }
    if (fd < 0)
        return -errno;
    struct stat st;
    int rc = fstat(fd, &st) != 0 ? -errno : check_log_file(&st);
    if (rc != 0) {
        close(fd);
        return rc;
    }
    /* One write of the whole line: O_APPEND keeps concurrent writers'
     * lines whole. */
    rc = write_all(fd, line, len);
    if (close(fd) != 0 && rc == 0)
        rc = -errno;
    return rc;
}

/* ---- asynchronous path (console) ---- */

typedef struct audit_job {
    uv_fs_t req;
    uv_loop_t *loop;
    char *path;
    char *line;
    size_t len;
    uv_file fd;
    bool retried;
    int status;
    audit_done_cb done;
    void *ctx;
} audit_job;

static void job_finish(audit_job *job, int status)
{
    if (job->done)
        job->done(status, job->ctx);
    free(job->path);
    free(job->line);
    free(job);
}

static void on_close(uv_fs_t *req)
{
    audit_job *job = req->data;
    int status = job->status ? job->status : (int)req->result;
    uv_fs_req_cleanup(req);
    job_finish(job, status < 0 ? status : 0);
}

static void on_write(uv_fs_t *req)
{
    audit_job *job = req->data;
    if (req->result < 0)
        job->status = (int)req->result;
    else if ((size_t)req->result != job->len)
        job->status = -EIO;
    uv_fs_req_cleanup(req);
    if (uv_fs_close(job->loop, &job->req, job->fd, on_close) != 0)
        job_finish(job, job->status ? job->status : -EIO);
}

static void on_open(uv_fs_t *req);
static void on_stat(uv_fs_t *req);

static int start_open(audit_job *job)
{
    job->req.data = job;
    return uv_fs_open(job->loop, &job->req, job->path, AUDIT_OPEN_FLAGS, AUDIT_FILE_MODE, on_open);
}

static void on_open(uv_fs_t *req)
{
    audit_job *job = req->data;
    ssize_t result = req->result;
    uv_fs_req_cleanup(req);
    if (result == UV_ENOENT && !job->retried) {
        /* First use: create the directories (a few mkdir calls, once). */
        job->retried = true;
        int rc = make_parent_dirs(job->path);
        if (rc != 0 || start_open(job) != 0)
            job_finish(job, rc ? rc : -EIO);
        return;
    }
    if (result < 0) {
        job_finish(job, (int)result);
        return;
    }
    job->fd = (uv_file)result;
    job->req.data = job;
    if (uv_fs_fstat(job->loop, &job->req, job->fd, on_stat) != 0) {
        job->status = -EIO;
        if (uv_fs_close(job->loop, &job->req, job->fd, on_close) != 0)
            job_finish(job, -EIO);
    }
}

/* The open log is ours and private: write the line; else close, refused. */
static void on_stat(uv_fs_t *req)
{
    audit_job *job = req->data;
    int rc = (int)req->result;
    if (rc == 0) {
        struct stat st = {.st_mode = (mode_t)req->statbuf.st_mode,
                          .st_uid = (uid_t)req->statbuf.st_uid};
        rc = check_log_file(&st);
    }
    uv_fs_req_cleanup(req);
    job->req.data = job;
    if (rc != 0) {
        job->status = rc;
        if (uv_fs_close(job->loop, &job->req, job->fd, on_close) != 0)
            job_finish(job, rc);
        return;
    }
    uv_buf_t buf = uv_buf_init(job->line, (unsigned)job->len);
    if (uv_fs_write(job->loop, &job->req, job->fd, &buf, 1, -1, on_write) != 0) {
        job->status = -EIO;
        if (uv_fs_close(job->loop, &job->req, job->fd, on_close) != 0)
            job_finish(job, -EIO);
    }
}

int audit_append(uv_loop_t *loop_or_null, const audit_entry *e, audit_done_cb done, void *ctx)
{
    char *path = audit_log_path();
    if (!path)
        return -ENOENT;
    char *text = audit_format_line(e);
    strbuf line = STRBUF_INIT;
    sb_append(&line, text);
    sb_append_char(&line, '\n');
    free(text);
    if (!loop_or_null) {
        int rc = append_now(path, line.data, line.len);
        free(path);
        sb_free(&line);
        return rc;
    }
    audit_job *job = xcalloc(1, sizeof *job);
    job->loop = loop_or_null;
    job->path = path;
    job->len = line.len;
    job->line = sb_steal(&line);
    job->done = done;
    job->ctx = ctx;
    int rc = start_open(job);
    if (rc != 0) {
        job->done = NULL;
        job_finish(job, rc);
        return rc;
    }
    return 0;
}
