/* api_probe: a tiny test driver for the engine (not installed).
 *
 *   api_probe [probe options] [global options] OP [+ OP ...]
 *   OP:  list RESOURCE [key=value ...]      every page of a listing
 *        get PATH                           one object
 *        command NAME [key=value ...]       a command (POST), never retried
 *   probe options (before the global ones):
 *        --until N        exit after N operations finished (the rest still pending)
 *        --print-ids      add the listed objects' ids to list results
 *        --attempts N     read attempts (default 3)
 *        --backoff SEC    first retry delay (default 0.5)
 *        --max-body BYTES body size cap (default 64 MiB)
 *        --max-reads N    reads in flight (default 5)
 *        --sequential     start each operation when the previous one finished
 *
 * All operations start at once on one loop; each prints one JSON line when
 * it finishes, then a final {"op":"stats",...} line. Exit status 0 when every
 * finished operation succeeded, 1 otherwise, 2 for usage errors. */
#include <jansson.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "api/client.h"
#include "api/commands.h"
#include "common/jsonutil.h"
#include "config/config.h"

typedef struct probe_op {
    const char *verb;
    char **args;
    int nargs;
    api_param *params;
    size_t nparams;
    api_request *req;
    bool done;
    struct probe *probe;
} probe_op;

typedef struct probe {
    api_client *client;
    probe_op *ops;
    int nops, ndone, until, failures;
    bool print_ids;
    bool sequential;
    int next_op; /* --sequential: the next operation to start */
} probe;

static void print_line(json_t *obj)
{
    char *s = json_dumps(obj, JSON_COMPACT);
    if (s) {
        puts(s);
        fflush(stdout);
        free(s);
    }
    json_decref(obj);
}

static json_t *error_json(const api_error *e)
{
    return json_pack("{s:s, s:s, s:I}", "kind", api_error_kind_name(e->kind), "message", e->message,
                     "http_status", (json_int_t)e->http_status);
}

static int start_op(probe *p, probe_op *op);

static void op_finished(probe_op *op, bool ok)
{
    probe *p = op->probe;
    op->done = true;
    op->req = NULL;
    p->ndone++;
    if (!ok)
        p->failures++;
    if (p->until > 0 && p->ndone >= p->until) {
        /* Leave the rest pending: api_client_free must drop them cleanly,
         * as when the console quits mid-refresh. */
        uv_stop(api_client_loop(p->client));
        return;
    }
    if (p->sequential && p->next_op < p->nops && start_op(p, &p->ops[p->next_op++]) != 0)
        p->failures++;
}

static void on_list(const api_list_result *res, void *ctx)
{
    probe_op *op = ctx;
    json_t *o =
        json_pack("{s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:i, s:f}", "op", "list", "path",
                  op->args[0], "ok", res->error.kind == API_OK, "objects",
                  (json_int_t)json_array_size(res->objects), "pages", (json_int_t)res->pages,
                  "page_limit", (json_int_t)res->page_limit, "total_count",
                  (json_int_t)res->total_count, "skipped", (json_int_t)res->skipped, "duplicates",
                  (json_int_t)res->duplicates, "retries", res->retries, "elapsed", res->elapsed);
    if (res->error.kind != API_OK)
        json_object_set_new(o, "error", error_json(&res->error));
    if (op->probe->print_ids) {
        json_t *ids = json_array();
        size_t i;
        json_t *item;
        json_array_foreach(res->objects, i, item)
        {
            char buf[64];
            const char *id = jget_id(item, "id", buf, sizeof buf);
            json_array_append_new(ids, id ? json_string(id) : json_null());
        }
        json_object_set_new(o, "ids", ids);
    }
    print_line(o);
    op_finished(op, res->error.kind == API_OK);
}

static void on_get(const api_get_result *res, void *ctx)
{
    probe_op *op = ctx;
    json_t *o =
        json_pack("{s:s, s:s, s:b, s:i, s:f}", "op", "get", "path", op->args[0], "ok",
                  res->error.kind == API_OK, "retries", res->retries, "elapsed", res->elapsed);
    if (res->error.kind != API_OK)
        json_object_set_new(o, "error", error_json(&res->error));
    if (res->json)
        json_object_set(o, "json", res->json);
    print_line(o);
    op_finished(op, res->error.kind == API_OK);
}

static void on_command(const api_command_result *res, void *ctx)
{
    probe_op *op = ctx;
    json_t *o =
        json_pack("{s:s, s:s, s:b, s:b, s:I, s:s, s:f}", "op", "command", "command",
                  res->command ? res->command : "", "accepted", res->accepted, "unknown_outcome",
                  res->unknown_outcome, "http_status", (json_int_t)res->http_status, "message",
                  res->message, "latency", res->latency);
    json_object_set_new(o, "error", error_json(&res->error));
    if (res->data)
        json_object_set(o, "data", res->data);
    print_line(o);
    op_finished(op, res->accepted);
}

static int parse_params(probe_op *op, int from)
{
    op->params = calloc((size_t)op->nargs + 1, sizeof *op->params);
    if (!op->params)
        return -1;
    for (int i = from; i < op->nargs; i++) {
        char *eq = strchr(op->args[i], '=');
        if (!eq) {
            fprintf(stderr, "api_probe: expected key=value, got '%s'\n", op->args[i]);
            return -1;
        }
        *eq = '\0';
        op->params[op->nparams++] = (api_param){op->args[i], eq + 1};
    }
    return 0;
}

static int start_op(probe *p, probe_op *op)
{
    op->probe = p;
    if (op->nargs < 1) {
        fprintf(stderr, "api_probe: %s needs an argument\n", op->verb);
        return -1;
    }
    if (strcmp(op->verb, "list") == 0) {
        if (parse_params(op, 1))
            return -1;
        op->req = api_list(p->client, op->args[0], op->params, op->nparams, on_list, op);
    } else if (strcmp(op->verb, "get") == 0) {
        op->req = api_get(p->client, op->args[0], on_get, op);
    } else if (strcmp(op->verb, "command") == 0) {
        if (parse_params(op, 1))
            return -1;
        op->req = api_command(p->client, op->args[0], op->params, op->nparams, on_command, op);
    } else {
        fprintf(stderr, "api_probe: unknown operation '%s'\n", op->verb);
        return -1;
    }
    return op->req ? 0 : -1;
}

/* Split "OP args + OP args" into ops. */
static int split_ops(probe *p, int argc, char **argv, int first)
{
    p->ops = calloc((size_t)argc, sizeof *p->ops);
    if (!p->ops)
        return -1;
    int i = first;
    while (i < argc) {
        probe_op *op = &p->ops[p->nops++];
        op->verb = argv[i++];
        op->args = &argv[i];
        while (i < argc && strcmp(argv[i], "+") != 0) {
            op->nargs++;
            i++;
        }
        i++; /* skip "+" */
    }
    return p->nops > 0 ? 0 : -1;
}

/* The probe's own options (before the pexcon ones); returns the index of
 * the first argument that is not one of them. */
static int probe_options(probe *p, api_opts *aopts, net_opts *nopts, int argc, char **argv)
{
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--until") == 0 && i + 1 < argc)
            p->until = atoi(argv[++i]);
        else if (strcmp(argv[i], "--sequential") == 0)
            p->sequential = true;
        else if (strcmp(argv[i], "--print-ids") == 0)
            p->print_ids = true;
        else if (strcmp(argv[i], "--attempts") == 0 && i + 1 < argc)
            aopts->read_attempts = atoi(argv[++i]);
        else if (strcmp(argv[i], "--backoff") == 0 && i + 1 < argc)
            aopts->backoff_initial_s = atof(argv[++i]);
        else if (strcmp(argv[i], "--max-body") == 0 && i + 1 < argc)
            nopts->max_body_bytes = (size_t)strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--max-reads") == 0 && i + 1 < argc)
            nopts->max_reads_in_flight = atoi(argv[++i]);
        else
            break;
    }
    return i;
}

/* Start the first batch of operations, run them to the end, print the
 * engine's counters; the exit status. */
static int run_ops(probe *p, uv_loop_t *loop)
{
    int rc = 0, first_batch = p->sequential ? 1 : p->nops;
    p->next_op = first_batch;
    for (int k = 0; k < first_batch; k++) {
        if (start_op(p, &p->ops[k]) != 0)
            return 2;
    }
    uv_run(loop, UV_RUN_DEFAULT);
    net_stats st;
    net_engine_stats(api_client_net(p->client), &st);
    print_line(json_pack("{s:s, s:I, s:i}", "op", "stats", "requests",
                         (json_int_t)st.requests_started, "max_reads_in_flight",
                         st.max_reads_in_flight_seen));
    rc = p->failures ? 1 : 0;
    return rc;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    probe p = {0};
    api_opts aopts = {0};
    net_opts nopts = {0};
    /* Probe options first; the rest goes to config_load. */
    int i = probe_options(&p, &aopts, &nopts, argc, argv);
    argv[i - 1] = argv[0];
    int cargc = argc - (i - 1);
    char **cargv = argv + (i - 1);

    pexcon_config cfg;
    strbuf err = STRBUF_INIT;
    int verb = 0;
    int rc = config_load(&cfg, cargc, cargv, &verb, &err);
    if (rc) {
        fprintf(stderr, "api_probe: %s\n", sb_str(&err));
        sb_free(&err);
        config_free(&cfg);
        return rc;
    }
    if (split_ops(&p, cargc, cargv, verb) != 0) {
        fprintf(stderr, "usage: api_probe [options] list|get|command ARGS [+ OP ...]\n");
        config_free(&cfg);
        return 2;
    }
    nopts.base_url = cfg.url;
    nopts.user = cfg.user;
    nopts.password = cfg.password;
    nopts.ca_file = cfg.ca_file;
    nopts.insecure = cfg.insecure;
    nopts.timeout_s = cfg.timeout_s;
    aopts.page_size = cfg.page_size;
    aopts.read_only = cfg.read_only;

    uv_loop_t loop;
    uv_loop_init(&loop);
    p.client = api_client_new_with(&loop, &nopts, &aopts, &err);
    if (!p.client) {
        fprintf(stderr, "api_probe: %s\n", sb_str(&err));
        rc = 2;
        goto out;
    }
    rc = run_ops(&p, &loop);
    api_client_free(p.client);
    uv_run(&loop, UV_RUN_DEFAULT);
out:
    if (uv_loop_close(&loop) != 0) {
        fprintf(stderr, "api_probe: handles left open on the loop\n");
        rc = 3;
    }
    for (int k = 0; k < p.nops; k++)
        free(p.ops[k].params);
    free(p.ops);
    sb_free(&err);
    config_free(&cfg);
    return rc;
}
